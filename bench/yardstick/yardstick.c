/*
 * The yardstick: a minimal single-threaded epoll server in plain C that answers the lab's
 * requests and nothing more (no limits, no timeouts, no logging, no error answers), so that
 * every benchmark run measures the machine's own limit beside wirelab-server.
 *
 *   yardstick HOST PORT      prints "listening on ('HOST', PORT)" like the lab server
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct connection {
    int fd;
    char *in;
    size_t in_len, in_cap;
    char *out;
    size_t out_len, out_sent;
};

static const char *const search_keys[] = { "morpheus", "ring", "\xf0\x9f\x90\xb6" };
static const char *const search_answers[] = {
    "Follow the white rabbit. \xf0\x9f\x90\xb0",
    "In the caves beneath the Misty Mountains. \xf0\x9f\x92\x8d",
    "\xf0\x9f\x90\xbe Playing ball! \xf0\x9f\x8f\x90",
};

/* The number after "key": in a JSON header, or -1. */
static long long header_number(const char *header, size_t len, const char *key)
{
    const char *found = memmem(header, len, key, strlen(key));
    if (!found)
        return -1;
    const char *p = found + strlen(key);
    while (p < header + len && (*p == '"' || *p == ':' || *p == ' '))
        p++;
    return strtoll(p, NULL, 10);
}

static void answer(struct connection *c, const char *type, const char *content, size_t content_len)
{
    char header[256];
    int header_len = snprintf(header, sizeof header,
                              "{\"byteorder\": \"little\", \"content-type\": \"%s\", "
                              "\"content-encoding\": \"%s\", \"content-length\": %zu}",
                              type, strcmp(type, "text/json") == 0 ? "utf-8" : "binary", content_len);
    c->out_len = 2 + (size_t)header_len + content_len;
    c->out = malloc(c->out_len);
    c->out[0] = (char)(header_len >> 8);
    c->out[1] = (char)header_len;
    memcpy(c->out + 2, header, (size_t)header_len);
    memcpy(c->out + 2 + header_len, content, content_len);
}

/* A whole request is in c->in: build the lab's answer. */
static void respond(struct connection *c, size_t header_len, size_t content_len)
{
    const char *header = c->in + 2;
    const char *content = c->in + 2 + header_len;
    if (memmem(header, header_len, "\"text/json\"", 11)) {
        const char *value = memmem(content, content_len, "\"value\": \"", 10);
        char result[512];
        const char *answer_text = NULL;
        size_t query_len = 0;
        if (value) {
            value += 10;
            const char *end = memchr(value, '"', content_len - (size_t)(value - content));
            query_len = end ? (size_t)(end - value) : 0;
            for (int i = 0; i < 3; i++)
                if (strlen(search_keys[i]) == query_len && memcmp(search_keys[i], value, query_len) == 0)
                    answer_text = search_answers[i];
        }
        int n = answer_text ? snprintf(result, sizeof result, "{\"result\": \"%s\"}", answer_text)
                            : snprintf(result, sizeof result, "{\"result\": \"No match for \\\"%.*s\\\".\"}",
                                       (int)(query_len > 400 ? 400 : query_len), value ? value : "");
        answer(c, "text/json", result, (size_t)n);
        return;
    }
    if (content_len >= 10 && (memcmp(content, "double", 6) == 0 || memcmp(content, "negate", 6) == 0)) {
        int32_t value = (int32_t)(((uint32_t)(uint8_t)content[6] << 24) | ((uint32_t)(uint8_t)content[7] << 16)
                                  | ((uint32_t)(uint8_t)content[8] << 8) | (uint32_t)(uint8_t)content[9]);
        uint32_t result = content[0] == 'd' ? (uint32_t)value * 2u : 0u - (uint32_t)value;
        char packed[10] = { 'r', 'e', 's', 'u', 'l', 't', (char)(result >> 24), (char)(result >> 16),
                            (char)(result >> 8), (char)result };
        answer(c, "binary/custom-server-binary-type", packed, 10);
        return;
    }
    char echo[64] = "First 10 bytes of request: ";
    size_t prefix = strlen(echo), shown = content_len < 10 ? content_len : 10;
    memcpy(echo + prefix, content, shown);
    answer(c, "binary/custom-server-binary-type", echo, prefix + shown);
}

static void close_connection(int epoll, struct connection *c)
{
    epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

/* Returns 0 when the connection is finished. */
static int flush_out(int epoll, struct connection *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                struct epoll_event event = { .events = EPOLLOUT, .data.ptr = c };
                epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &event);
                return 1;
            }
            break;
        }
        c->out_sent += (size_t)n;
    }
    close_connection(epoll, c);
    return 0;
}

static void on_readable(int epoll, struct connection *c)
{
    for (;;) {
        if (c->in_cap - c->in_len < 65536) {
            c->in_cap = c->in_cap ? c->in_cap * 2 : 65536;
            c->in = realloc(c->in, c->in_cap);
        }
        ssize_t n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            close_connection(epoll, c);
            return;
        }
        if (n < 0)
            return;
        c->in_len += (size_t)n;
        if (c->in_len < 2)
            continue;
        size_t header_len = ((size_t)(uint8_t)c->in[0] << 8) | (uint8_t)c->in[1];
        if (c->in_len < 2 + header_len)
            continue;
        long long content_len = header_number(c->in + 2, header_len, "\"content-length\"");
        if (content_len < 0) {
            close_connection(epoll, c);
            return;
        }
        size_t need = 2 + header_len + (size_t)content_len;
        if (c->in_cap < need) { /* reserve the whole message once */
            c->in_cap = need;
            c->in = realloc(c->in, c->in_cap);
        }
        if (c->in_len < need)
            continue;
        respond(c, header_len, (size_t)content_len);
        flush_out(epoll, c);
        return;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <host> <port>\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
    inet_pton(AF_INET, argv[1][0] ? argv[1] : "0.0.0.0", &address.sin_addr);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, SOMAXCONN) < 0) {
        perror("yardstick");
        return 1;
    }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &length);
    printf("listening on ('%s', %d)\n", argv[1], ntohs(address.sin_port));
    fflush(stdout);

    int epoll = epoll_create1(0);
    struct epoll_event event = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[256];
    for (;;) {
        int ready = epoll_wait(epoll, events, 256, -1);
        for (int i = 0; i < ready; i++) {
            struct connection *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    struct epoll_event added = { .events = EPOLLIN, .data.ptr = c };
                    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &added);
                }
            } else if (c->out) {
                flush_out(epoll, c);
            } else {
                on_readable(epoll, c);
            }
        }
    }
}
