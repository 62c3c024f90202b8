/** The CapeControl mark: a headland over a wave. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      className="logo-mark"
    >
      <rect width="32" height="32" rx="8" fill="var(--color-brand)" />
      <path
        d="M6 22.5c3.2 0 4.4-2.5 7.3-2.5s4.1 2.5 7.3 2.5 4.2-2.5 5.4-2.5"
        fill="none"
        stroke="var(--color-brand-accent)"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
      <path
        d="M8 17.5 14.2 8l4.1 6.1 2.4-3.1L26 17.5"
        fill="none"
        stroke="#fff"
        strokeWidth="2.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
