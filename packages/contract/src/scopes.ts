import { z } from "zod";

/** What a token may do: `jobs:write` submits, cancels and retries; `jobs:read` reads; `admin` does anything for anyone. */
export const scopes = ["jobs:read", "jobs:write", "admin"] as const;
export const ScopeSchema = z.enum(scopes);
export type Scope = z.infer<typeof ScopeSchema>;
