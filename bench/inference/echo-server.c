/* A minimal SageMaker serving container for bench/inference-overhead.sh: HTTP/1.1 with keep-alive on port 8080,
   a thread per connection. GET /ping answers 200; POST /invocations answers the request body unchanged with the
   request's Content-Type, after sleeping SERVE_SLEEP_US microseconds when that is set (a stand-in for a model's own
   latency); anything else 404. Built static (gcc -O2 -static -pthread) so the image holds one file. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HEAD 16384
#define MAX_BODY (6 * 1024 * 1024)

static useconds_t model_sleep_us;

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p += w; n -= (size_t)w;
    }
    return 0;
}

static void *serve(void *arg) {
    int fd = (int)(long)arg;
    char *buf = malloc(MAX_HEAD + MAX_BODY + 1);
    size_t have = 0;
    for (;;) {
        char *end;
        while ((end = memmem(buf, have, "\r\n\r\n", 4)) == NULL) {
            if (have >= MAX_HEAD) goto done;
            ssize_t r = read(fd, buf + have, MAX_HEAD - have);
            if (r <= 0) goto done;
            have += (size_t)r;
        }
        size_t head = (size_t)(end - buf) + 4;
        char saved = buf[head];
        buf[head] = 0; /* the header scan below stops at the end of the head */
        long length = 0;
        char type[256] = "application/octet-stream";
        for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
            char *l = line + 2;
            if (strncasecmp(l, "content-length:", 15) == 0) length = strtol(l + 15, NULL, 10);
            if (strncasecmp(l, "content-type:", 13) == 0) {
                char *v = l + 13, *e = strstr(v, "\r\n");
                while (*v == ' ') v++;
                size_t n = (size_t)(e - v) < sizeof type - 1 ? (size_t)(e - v) : sizeof type - 1;
                memcpy(type, v, n); type[n] = 0;
            }
        }
        buf[head] = saved;
        if (length < 0 || length > MAX_BODY) goto done;
        while (have < head + (size_t)length) {
            ssize_t r = read(fd, buf + have, head + (size_t)length - have);
            if (r <= 0) goto done;
            have += (size_t)r;
        }
        char out[512];
        int n;
        if (strncmp(buf, "GET /ping ", 10) == 0) {
            n = snprintf(out, sizeof out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            if (write_all(fd, out, (size_t)n)) goto done;
        } else if (strncmp(buf, "POST /invocations ", 18) == 0) {
            if (model_sleep_us > 0) usleep(model_sleep_us);
            n = snprintf(out, sizeof out, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %ld\r\n\r\n", type, length);
            if (write_all(fd, out, (size_t)n) || write_all(fd, buf + head, (size_t)length)) goto done;
        } else {
            n = snprintf(out, sizeof out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            if (write_all(fd, out, (size_t)n)) goto done;
        }
        memmove(buf, buf + head + length, have - head - (size_t)length);
        have -= head + (size_t)length;
    }
done:
    free(buf);
    close(fd);
    return NULL;
}

int main(void) {
    const char *sleep_us = getenv("SERVE_SLEEP_US");
    model_sleep_us = sleep_us ? (useconds_t)strtoul(sleep_us, NULL, 10) : 0;
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8080), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 256)) { perror("listen"); return 1; }
    printf("echo server on 8080\n");
    fflush(stdout);
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) continue;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, serve, (void *)(long)c)) close(c);
        pthread_attr_destroy(&attr);
    }
}
