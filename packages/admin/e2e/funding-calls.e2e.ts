import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { openMetalNetwork, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

describe('funding calls in the browser', () => {
  it('shows a cluster the calls it fits and the Polish partner it lacks, and reminds its follower of the deadline', async () => {
    const { page, errors } = await openMetalNetwork(browser, server.url);

    // The cluster's calls, best first, each with why it fits and what is missing.
    await page.getByTestId('cluster-funding').click();
    const interreg = page.getByTestId('funding-match').filter({ hasText: 'Cross-border innovation cooperation of clusters' });
    await interreg.waitFor();
    expect(await interreg.textContent()).toContain('Needs a partner from Poland');
    expect(await interreg.locator('[data-reason="deadline"]').textContent()).toMatch(/Closes in 21 days/);
    // Polish metal firms that could join the consortium.
    expect(await interreg.getByTestId('partner-suggestions').textContent()).toContain('Gorzowskie Zakłady Metalowe');
    // A call only for Lubuskie firms is not among them.
    expect(await page.getByTestId('funding-match').filter({ hasText: 'Lubuskie innovation vouchers' }).count()).toBe(0);

    // Following the cluster brings its closing calls into the reminders.
    await page.getByTestId('follow-cluster').click();
    await page.getByTestId('follow-cluster').filter({ hasText: 'Following' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Funding calls' }).click();
    const reminder = page.getByTestId('reminder').filter({ hasText: 'Cross-border innovation cooperation of clusters' });
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('fits East Brandenburg Metal Network');
    expect(await page.getByTestId('reminder').filter({ hasText: 'Made in Europe' }).count()).toBe(0);

    // The call's own page lists the clusters it fits.
    await reminder.getByRole('link').click();
    await page.getByTestId('call-cluster-matches').waitFor();
    expect(await page.getByTestId('call-cluster-matches').textContent()).toContain('East Brandenburg Metal Network');

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
