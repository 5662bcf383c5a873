/*
 * Baseline for `make bench`: the cheapest libfcgi server with smscode's thread model.
 * N pthreads each loop FCGX_Accept_r on one shared socket (no accept mutex), and answer with a
 * single FCGX_PutStr: a health-sized JSON body plus X-Request-Id taken from nginx's REQUEST_ID.
 *
 *   cc -O2 -o fcgi_hello fcgi_hello.c -lfcgi -lpthread
 *   ./fcgi_hello /abs/path/hello.sock [threads=8]
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int listen_fd;

static void *serve(void *arg) {
    (void)arg;
    FCGX_Request req;
    FCGX_InitRequest(&req, listen_fd, 0);
    char buf[512];
    while (FCGX_Accept_r(&req) >= 0) {
        const char *id = FCGX_GetParam("REQUEST_ID", req.envp);
        int n = snprintf(buf, sizeof buf,
                         "Status: 200 OK\r\n"
                         "Content-Type: application/json\r\n"
                         "X-Request-Id: %s\r\n\r\n"
                         "{\"status\":\"ok\",\"version\":\"0.1.0\",\"database\":\"ok\"}",
                         id ? id : "-");
        FCGX_PutStr(buf, n, req.out);
        FCGX_Finish_r(&req);
    }
    return NULL;
}

static void on_term(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 8;
    if (threads < 1) threads = 1;

    /* Before FCGX_Init: libfcgi only installs its own handlers where none is set, and its SIGTERM
     * handler merely sets a flag that blocked accept() never sees (stack.md Q1). */
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);

    if (FCGX_Init() != 0) return 1;
    listen_fd = FCGX_OpenSocket(argv[1], 1024);
    if (listen_fd < 0) {
        perror("FCGX_OpenSocket");
        return 1;
    }
    chmod(argv[1], 0666);

    pthread_t tids[256];
    if (threads > 256) threads = 256;
    for (int i = 0; i < threads; i++) pthread_create(&tids[i], NULL, serve, NULL);
    for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
    return 0;
}
