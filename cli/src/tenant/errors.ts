// How the workspace commands end, on top of send's (send/errors.ts): a workspace refused (its problems were
// printed) and a group that names no group or several are exit 1; the directory unavailable is Graph's 4.
import { DirectoryUnavailable } from '../../../graph/src/tenant/directory';
import { GroupNotFound } from '../../../graph/src/tenant/whoTargets';
import { guarded } from '../send/errors';
import { EXIT } from '../send/spec';
import { say, WorkspaceRefused } from './workspace';

export function tenantGuarded(run: () => Promise<number>): Promise<number> {
  return guarded(async () => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkspaceRefused) return EXIT.invalid;
      if (error instanceof GroupNotFound) {
        say(error.message);
        return EXIT.invalid;
      }
      if (error instanceof DirectoryUnavailable) {
        say(`The tenant's groups and filters could not be read: ${error.message}`);
        return EXIT.graph;
      }
      throw error;
    }
  });
}
