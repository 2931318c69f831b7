/*
 * cm-relay: the app proxy's way into a user's network that has no address of the host (egress none; see
 * docs/decisions/0002-app-proxy.md, "Reaching containers without egress"). One per such network, attached to it and
 * to the installation's relay network, where the service reaches it.
 *
 * Per connection (a thread each, at most CM_RELAY_MAX at once): the service writes one line "<ipv4> <port>\n"; a
 * target inside CM_SUBNET (the user's network, e.g. 10.213.0.64/26) is connected to, the relay answers one byte 'O'
 * and then copies bytes both ways until both sides have ended (a half-close is passed on). Anything else (a bad
 * line, a target outside the subnet, the subnet's own network or broadcast address, a target that does not answer,
 * and any connection that arrived on the user's network rather than the relay network) is closed with no data.
 * Environment: CM_SUBNET (required), CM_RELAY_PORT (7070), CM_RELAY_MAX (256), CM_RELAY_KEY (none).
 *
 * With CM_RELAY_KEY (16 to 64 characters, no space), the line must be "<key> <ipv4> <port>\n", the key compared in
 * constant time; a line without it is closed with no data. The swarm's relays have one: their port is published on
 * their node's address, which other users' containers with egress can reach (docs/several-hosts.md); the Docker
 * engine's relays listen on a network only the host reaches, and have none.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define PIECE 16384
#define HEADER_MAX 100
#define KEY_MIN 16
#define KEY_MAX 64
#define HEADER_SECONDS 5
#define CONNECT_SECONDS 4
/* After one side has ended, how long the other may still send. */
#define DRAIN_MILLIS 30000

static uint32_t subnet;
static uint32_t mask;
static atomic_int active;
static const char *key;
static size_t key_length;

/* Whether the line begins with the key and a space: every byte compared, whatever the first difference. */
static int keyed(const char *line, size_t length) {
    if (length <= key_length || line[key_length] != ' ') return 0;
    unsigned char difference = 0;
    for (size_t i = 0; i < key_length; i++) difference |= (unsigned char)(line[i] ^ key[i]);
    return difference == 0;
}

static int parse_subnet(const char *text) {
    char copy[32];
    if (text == NULL || strlen(text) >= sizeof copy) return -1;
    strcpy(copy, text);
    char *slash = strchr(copy, '/');
    if (slash == NULL) return -1;
    *slash = '\0';
    char *end;
    long bits = strtol(slash + 1, &end, 10);
    if (*end != '\0' || slash[1] == '\0' || bits < 8 || bits > 30) return -1;
    struct in_addr address;
    if (inet_pton(AF_INET, copy, &address) != 1) return -1;
    mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
    subnet = ntohl(address.s_addr) & mask;
    return 0;
}

static int inside(uint32_t address) {
    return (address & mask) == subnet && address != subnet && address != (subnet | ~mask);
}

/*
 * Reads "<ipv4> <port>\n" and nothing after it (the app's bytes may follow in the same segment): peeks at what came
 * and takes exactly the line (one peek and one read, as the service sends the line in one write); a line that came
 * in parts is read a byte at a time.
 */
static int read_target(int client, struct sockaddr_in *target) {
    char line[HEADER_MAX + 1];
    size_t length = 0;
    ssize_t n = recv(client, line, HEADER_MAX, MSG_PEEK);
    if (n <= 0) return -1;
    char *newline = memchr(line, '\n', (size_t)n);
    if (newline != NULL) {
        length = (size_t)(newline - line);
        if (recv(client, line, length + 1, MSG_WAITALL) != (ssize_t)(length + 1)) return -1;
    } else {
        /* Part of the line only: the rest a byte at a time, all of it within HEADER_SECONDS of the first byte (a
           per-read timeout alone would let a slow sender hold a connection slot for HEADER_MAX times as long). */
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long left_ms = HEADER_SECONDS * 1000L - ((now.tv_sec - start.tv_sec) * 1000L
                    + (now.tv_nsec - start.tv_nsec) / 1000000L);
            if (left_ms <= 0) return -1;
            struct timeval left = {.tv_sec = left_ms / 1000, .tv_usec = (left_ms % 1000) * 1000};
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &left, sizeof left);
            char c;
            if (read(client, &c, 1) != 1) return -1;
            if (c == '\n') break;
            if (length == HEADER_MAX) return -1;
            line[length++] = c;
        }
    }
    line[length] = '\0';
    char *target_text = line;
    if (key != NULL) {
        if (!keyed(line, length)) return -1;
        target_text = line + key_length + 1;
    }
    char *space = strchr(target_text, ' ');
    if (space == NULL) return -1;
    *space = '\0';
    char *end;
    long port = strtol(space + 1, &end, 10);
    if (*end != '\0' || space[1] == '\0' || port < 1 || port > 65535) return -1;
    struct in_addr address;
    if (inet_pton(AF_INET, target_text, &address) != 1 || !inside(ntohl(address.s_addr))) return -1;
    memset(target, 0, sizeof *target);
    target->sin_family = AF_INET;
    target->sin_port = htons((uint16_t)port);
    target->sin_addr = address;
    return 0;
}

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

/* Copies both ways until both directions ended, or either failed. */
static void copy_both_ways(int client, int app) {
    char buffer[PIECE];
    struct pollfd fds[2] = {{.fd = client, .events = POLLIN}, {.fd = app, .events = POLLIN}};
    int ended = 0;
    while (ended < 2) {
        int ready = poll(fds, 2, ended ? DRAIN_MILLIS : -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            int to = i == 0 ? app : client;
            ssize_t n = recv(fds[i].fd, buffer, sizeof buffer, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return;
            if (n == 0) {
                shutdown(to, SHUT_WR);
                fds[i].fd = -1;
                ended++;
                continue;
            }
            if (write_all(to, buffer, (size_t)n) < 0) return;
        }
    }
}

static void *serve(void *argument) {
    int client = (int)(intptr_t)argument;
    struct sockaddr_in local;
    socklen_t length = sizeof local;
    struct sockaddr_in target;
    struct timeval header_time = {.tv_sec = HEADER_SECONDS};
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &header_time, sizeof header_time);
    /* Only the relay network's side serves: a container of the user's network gets nothing here. */
    if (getsockname(client, (struct sockaddr *)&local, &length) == 0
            && (ntohl(local.sin_addr.s_addr) & mask) != subnet
            && read_target(client, &target) == 0) {
        int app = socket(AF_INET, SOCK_STREAM, 0);
        struct timeval connect_time = {.tv_sec = CONNECT_SECONDS};
        setsockopt(app, SOL_SOCKET, SO_SNDTIMEO, &connect_time, sizeof connect_time);
        if (app >= 0 && connect(app, (struct sockaddr *)&target, sizeof target) == 0) {
            struct timeval none = {0};
            int one = 1;
            setsockopt(app, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
            setsockopt(app, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (write_all(client, "O", 1) == 0) {
                copy_both_ways(client, app);
            }
        }
        if (app >= 0) close(app);
    }
    close(client);
    atomic_fetch_sub(&active, 1);
    return NULL;
}

int main(void) {
    if (parse_subnet(getenv("CM_SUBNET")) < 0) {
        fprintf(stderr, "cm-relay: CM_SUBNET must be an IPv4 subnet such as 10.213.0.64/26\n");
        return 2;
    }
    const char *port_text = getenv("CM_RELAY_PORT");
    const char *max_text = getenv("CM_RELAY_MAX");
    int port = port_text ? atoi(port_text) : 7070;
    int max = max_text ? atoi(max_text) : 256;
    if (port < 1 || port > 65535 || max < 1) {
        fprintf(stderr, "cm-relay: bad CM_RELAY_PORT or CM_RELAY_MAX\n");
        return 2;
    }
    key = getenv("CM_RELAY_KEY");
    if (key != NULL && key[0] == '\0') key = NULL;
    if (key != NULL) {
        key_length = strlen(key);
        if (key_length < KEY_MIN || key_length > KEY_MAX || strchr(key, ' ') != NULL) {
            fprintf(stderr, "cm-relay: CM_RELAY_KEY must be 16 to 64 characters without a space\n");
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (listener < 0 || bind(listener, (struct sockaddr *)&any, sizeof any) < 0 || listen(listener, 128) < 0) {
        perror("cm-relay: listen");
        return 1;
    }
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 64 * 1024);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    fprintf(stderr, "cm-relay: port %d, subnet %s, at most %d connections%s\n", port, getenv("CM_SUBNET"), max,
            key != NULL ? ", keyed" : "");
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) {
                if (errno == EMFILE || errno == ENFILE) usleep(10000);
                continue;
            }
            perror("cm-relay: accept");
            return 1;
        }
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (atomic_load(&active) >= max) {
            close(client);
            continue;
        }
        atomic_fetch_add(&active, 1);
        pthread_t thread;
        if (pthread_create(&thread, &attributes, serve, (void *)(intptr_t)client) != 0) {
            atomic_fetch_sub(&active, 1);
            close(client);
        }
    }
}
