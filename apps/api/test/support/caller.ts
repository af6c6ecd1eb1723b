import type express from "express";
import request from "supertest";

/** Requests to `app` with `token` as the bearer: what most route tests send. */
export function callerAs(app: express.Express, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => request(app).get(path).set(auth),
    post: (path: string, body?: object) => request(app).post(path).set(auth).send(body),
    patch: (path: string, body?: object) => request(app).patch(path).set(auth).send(body),
    delete: (path: string) => request(app).delete(path).set(auth),
  };
}
