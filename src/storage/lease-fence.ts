/**
 * The lease part of an episode's fence, as both providers check it: the committer must hold the
 * instance's lease, or, for an episode it ran without claiming (EpisodeCommit.leaseFreeAt), no
 * one may hold a lease still live at that time.
 */
export function holdsOrNeedsNoLease(
  row: { readonly locked_by: string | null; readonly lock_expires_at: number | null },
  owner: string,
  leaseFreeAt: number | undefined,
): boolean {
  if (leaseFreeAt === undefined) return row.locked_by === owner;
  return row.locked_by === null || (row.lock_expires_at ?? 0) <= leaseFreeAt;
}
