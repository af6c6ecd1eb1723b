/** The API's HTTP server, with the timeouts for clients that hold a socket without finishing their request. */
import { createServer, type Server } from "node:http";
import { httpServerOptions, type HttpTimeouts } from "@jobline/config";
import type express from "express";

export function serveHttp(app: express.Express, port: number, timeouts: HttpTimeouts, onListening?: () => void): Server {
  return createServer(httpServerOptions(timeouts), app).listen(port, onListening);
}
