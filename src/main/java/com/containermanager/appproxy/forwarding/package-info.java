/**
 * Forwarding to an app: HTTP/1.1 on a connection of its own per request, bodies streamed both ways in small pieces,
 * and WebSocket (any upgrade) as a byte tunnel on Tomcat's HTTP upgrade. Why written here and not a library:
 * docs/decisions/0002-app-proxy.md.
 */
@NullMarked
package com.containermanager.appproxy.forwarding;

import org.jspecify.annotations.NullMarked;
