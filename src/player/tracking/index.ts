// Picks the tracker for the package's target: the LMS API when one is found, otherwise standalone.

import type { PlayerData } from '../../core/player-data.js';
import type { Tracker } from './tracker.js';
import { discoverApi } from './discover.js';
import { Scorm12Tracker, Scorm2004Tracker, type Api12, type Api2004 } from './scorm.js';
import { StandaloneTracker } from './standalone.js';
import { XapiTracker } from './xapi.js';
import { cmi5Launch, courseIdentity, tincanLaunch } from './cmi5.js';

export type { Tracker, TrackerStart, InteractionRecord, ScoreReport } from './tracker.js';

export async function createTracker(data: PlayerData): Promise<Tracker> {
  if (data.target === 'scorm12') {
    const api = await discoverApi<Api12>('API');
    if (api) return new Scorm12Tracker(api, data.commitEveryMs);
  } else if (data.target === 'scorm2004') {
    const api = await discoverApi<Api2004>('API_1484_11');
    if (api) return new Scorm2004Tracker(api, data.commitEveryMs);
  } else if (data.target === 'cmi5' || data.target === 'xapi') {
    const course = await courseIdentity(data);
    const launch = data.target === 'cmi5' ? await cmi5Launch(location.search, course, data) : tincanLaunch(location.search, course);
    if (launch) return new XapiTracker(launch, data);
  }
  return new StandaloneTracker(`ajar:${data.id}@${data.version}`);
}
