/** Whose jobs and schedules an operation reaches: one owner's, or every owner's (an admin, an operator). */
export type OwnerScope = { kind: "owner"; ownerId: string } | { kind: "all" };

/** The `ownerId` filter for a query or conditional write; undefined means no filter (every owner). */
export function ownerIdFilter(scope: OwnerScope): string | undefined {
  return scope.kind === "owner" ? scope.ownerId : undefined;
}
