import type { MembershipRole } from '@euregionet/shared';
import { deleteClusterMember, putClusterMember } from '../api/organisations.js';

/** A membership seen from one of its two sides: the cluster's page or the organisation's. */
export interface MembershipSide {
  /** The cluster and the organisation of the membership of the page's record with the record `otherId`. */
  pair: (otherId: string) => { clusterId: string; organisationId: string };
  /** Shows the page's record anew: the memberships, and the figures made of them. */
  reload: () => Promise<unknown>;
  /** The page's action (useAction): its failure goes to the page's one alert. */
  run: (action: () => Promise<unknown>) => Promise<unknown>;
}

/**
 * Adding, changing and removing a cluster's members, the same from either side: each change is
 * written, then the page's record is read again (the members make up the cluster's figures).
 */
export function useMemberships(side: MembershipSide) {
  const save = (otherId: string, role: MembershipRole, since: string | null) =>
    side.run(async () => {
      const { clusterId, organisationId } = side.pair(otherId);
      await putClusterMember(clusterId, organisationId, { role, since });
      await side.reload();
    });

  /** Removes a membership once the user has confirmed `question`. */
  async function remove(otherId: string, question: string) {
    if (!window.confirm(question)) return;
    await side.run(async () => {
      const { clusterId, organisationId } = side.pair(otherId);
      await deleteClusterMember(clusterId, organisationId);
      await side.reload();
    });
  }

  return { save, remove };
}
