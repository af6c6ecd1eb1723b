import type { RequestHandler } from "express";
import { UnsupportedMediaTypeError } from "./errors";

/** Routes that take a body accept JSON only; anything else is a 415, not a confusing 422. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is("application/json")) {
    throw new UnsupportedMediaTypeError(`expected application/json, got ${req.get("content-type") ?? "no Content-Type"}`);
  }
  next();
};
