/** docs/api.md's Errors table against the problem types of the contract (`problemTypes`), with their statuses. */
import { problemType, problemTypes, type ProblemSlug } from "@jobline/contract";
import { codeSpans, firstTableUnder } from "./support/api-doc";

/** `<status> <type>` for each row: the first cell is the status, the second the problem type. */
const documented = firstTableUnder("Errors")
  .map(([status = "", type = ""]) => `${codeSpans(status)[0]} ${codeSpans(type)[0]}`)
  .sort();
const defined = (Object.keys(problemTypes) as ProblemSlug[]).map((slug) => `${problemTypes[slug].status} ${problemType(slug)}`).sort();

test("every problem type of the contract is in docs/api.md's Errors table with its status", () => {
  expect(defined.filter((problem) => !documented.includes(problem))).toEqual([]);
});

test("docs/api.md's Errors table lists only problem types of the contract", () => {
  expect(documented.filter((problem) => !defined.includes(problem))).toEqual([]);
});
