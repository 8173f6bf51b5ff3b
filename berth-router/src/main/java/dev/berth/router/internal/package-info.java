/**
 * The router's insides: {@code RoutingProxy} (Jetty's reverse proxy plus routing, balancing,
 * retries and headers), {@code ServiceRoutes} (per-service meters and in-flight counts), {@code
 * Exchange} (per-request state), {@code ErrorPages}, and the WebSocket tunnel ({@code
 * WebSocketTunnel}, {@code UpstreamHandshake}, {@code Pipe}). Nothing here is API.
 */
package dev.berth.router.internal;
