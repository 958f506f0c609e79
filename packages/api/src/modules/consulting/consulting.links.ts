import type { FundingCall, Match } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { createFundingCallService } from '../funding-calls/funding-calls.service.js';
import { createMatchmakingService } from '../matchmaking/matchmaking.service.js';

/**
 * The funding calls and matches a reply sends, read through their own modules (404
 * FUNDING_CALL_NOT_FOUND or MATCH_NOT_FOUND for an unknown one).
 */
export const linkedRecords = {
  // One after the other: inside a transaction the embedded database takes one query at a time.
  async fundingCalls(db: Db, ids: readonly string[]): Promise<FundingCall[]> {
    const calls = createFundingCallService(db);
    const found: FundingCall[] = [];
    for (const id of ids) found.push(await calls.get(id));
    return found;
  },

  async matches(db: Db, ids: readonly string[]): Promise<Match[]> {
    const matchmaking = createMatchmakingService(db);
    const found: Match[] = [];
    for (const id of ids) found.push(await matchmaking.getMatch(id));
    return found;
  },

  async check(db: Db, sent: { fundingCallIds: readonly string[]; matchIds: readonly string[] }): Promise<void> {
    await linkedRecords.fundingCalls(db, sent.fundingCallIds);
    await linkedRecords.matches(db, sent.matchIds);
  },
};
