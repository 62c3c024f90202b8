import { PageTitle } from '../../components/page-title';
import { useSignedInUser } from '../../session/use-session';
import { ApiKeysSection } from './api-keys-section';
import { ProfileCard } from './profile-card';

export function AccountPage() {
  const user = useSignedInUser();
  return (
    <div className="container page">
      <PageTitle title="Account" />
      <header className="page-header">
        <p className="eyebrow">Settings</p>
        <h1 tabIndex={-1}>Account</h1>
        <p className="page-header__lede">
          Your profile, and the API keys that let apps and scripts act for you.
        </p>
      </header>
      <ProfileCard user={user} />
      <ApiKeysSection />
    </div>
  );
}
