import type { RequestHandler } from "express";
import { UnsupportedMediaTypeError } from "./errors";

const charsetParameter = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * JSON bodies are UTF-8 (RFC 8259). express.json() would also decode a body labelled utf-16 or utf-32, and UTF-8
 * bytes read that way parse as something the client never sent; any charset but utf-8 is a 415, as latin1 always was.
 */
export const requireUtf8: RequestHandler = (req, _res, next) => {
  const charset = charsetParameter.exec(req.get("content-type") ?? "")?.[1];
  if (charset !== undefined && charset.toLowerCase() !== "utf-8") {
    throw new UnsupportedMediaTypeError(`unsupported charset "${charset}": JSON bodies are utf-8`);
  }
  next();
};
