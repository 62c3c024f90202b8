import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon, WarningIcon } from './icons';

export type AlertTone = 'error' | 'warning' | 'info' | 'success';

const ICONS: Record<AlertTone, ReactNode> = {
  error: <AlertIcon size={18} />,
  warning: <WarningIcon size={18} />,
  info: <InfoIcon size={18} />,
  success: <CheckIcon size={18} />,
};

/** A message box; errors are announced at once (role=alert), the rest politely. */
export function Alert({
  tone = 'error',
  title,
  children,
}: {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="alert__icon">{ICONS[tone]}</span>
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        {children && <div className="alert__text">{children}</div>}
      </div>
    </div>
  );
}
