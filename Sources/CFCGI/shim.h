// Only fcgiapp.h: fcgi_stdio.h would #define printf/stdin onto FCGI_ versions (stack.md Q1).
#include <fcgiapp.h>
