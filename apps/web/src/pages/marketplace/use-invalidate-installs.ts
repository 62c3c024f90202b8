import { useCallback } from 'react';
import { trpc } from '../../api/trpc';

/**
 * After an install, update or uninstall: everything that shows installed badges, plans or the
 * list of runnable agents is read again.
 */
export function useInvalidateInstalls(): () => void {
  const utils = trpc.useUtils();
  return useCallback(() => {
    void utils.marketplace.invalidate();
    void utils.agent.list.invalidate();
  }, [utils]);
}
