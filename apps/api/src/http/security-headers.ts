import type { RequestHandler } from "express";

/**
 * On every answer: browsers must not guess content types (a JSON answer rendered as HTML), and no page of ours (the
 * dashboard, /docs) may be framed by another site (clickjacking an operator).
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
  res.setHeader("Referrer-Policy", "no-referrer");
  next();
};
