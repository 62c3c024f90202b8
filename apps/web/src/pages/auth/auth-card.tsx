import type { ReactNode } from 'react';
import { LogoMark } from '../../components/logo';

/** The centred card that holds the sign-in and sign-up forms. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__intro">
          <LogoMark size={40} />
          <h1 className="auth__title" tabIndex={-1}>
            {title}
          </h1>
          <p className="auth__subtitle">{subtitle}</p>
        </div>
        {children}
      </div>
      <p className="auth__footer">{footer}</p>
    </div>
  );
}
