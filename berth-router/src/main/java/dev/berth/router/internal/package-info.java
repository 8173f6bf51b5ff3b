/**
 * The router's insides: {@code RoutingProxy} (the handler: routing), {@code Forwarder} (balancing,
 * retries, error mapping), {@code Forward}, {@code UpstreamConnection}, {@code UpstreamHead},
 * {@code UpstreamPool} and {@code SharedSelectors} (the router's own HTTP/1.1 exchange with
 * replicas), {@code ServiceRoutes} (per-service meters and in-flight counts), {@code Exchange}
 * (per-request state), {@code ErrorPages}, and the WebSocket tunnel ({@code WebSocketTunnel},
 * {@code UpstreamHandshake}, {@code Pipe}). Nothing here is API.
 */
package dev.berth.router.internal;
