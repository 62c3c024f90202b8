import type { ReactNode } from 'react';
import { Button } from './button';
import { AlertIcon } from './icons';

/** Nothing here yet: say what would be here and how to get it. */
export function EmptyState({
  icon,
  title,
  children,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="state">
      {icon && <div className="state__icon">{icon}</div>}
      <p className="state__title">{title}</p>
      {children && <div className="state__text">{children}</div>}
    </div>
  );
}

/** Loading failed: what failed, why, and a way to try again. */
export function ErrorState({
  title,
  message,
  onRetry,
  retrying = false,
}: {
  title: string;
  message: string;
  onRetry: () => void;
  retrying?: boolean;
}) {
  return (
    <div className="state state--error" role="alert">
      <div className="state__icon">
        <AlertIcon size={22} />
      </div>
      <p className="state__title">{title}</p>
      <p className="state__text">{message}</p>
      <Button
        variant="secondary"
        size="sm"
        onClick={onRetry}
        pending={retrying}
        pendingLabel="Retrying…"
      >
        Try again
      </Button>
    </div>
  );
}

export function Skeleton({ width, height = '1em' }: { width?: string; height?: string }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}
