// Linux readiness notification for the FastCGI server's ConnectionPoller: Swift's Glibc module
// leaves these headers out.
#include <sys/epoll.h>
#include <sys/eventfd.h>
