import type { Handler } from "./handler";

export const demoEcho: Handler<"demo.echo"> = async (payload) => payload;
