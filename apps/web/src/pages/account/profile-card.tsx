import type { User } from '@capecontrol/schema';
import { Avatar } from '../../components/avatar';
import { DateText } from '../../components/time';

const ROLE_LABELS: Record<User['role'], string> = {
  user: 'Member',
  publisher: 'Publisher',
  admin: 'Administrator',
};

export function ProfileCard({ user }: { user: User }) {
  return (
    <section className="card profile" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="visually-hidden">
        Profile
      </h2>
      <div className="profile__identity">
        <Avatar name={user.displayName} size="lg" />
        <div className="profile__names">
          <p className="profile__name">{user.displayName}</p>
          <p className="profile__email truncate">{user.email}</p>
        </div>
      </div>
      <dl className="facts facts--inline">
        <div>
          <dt>Role</dt>
          <dd>
            <span className="badge">{ROLE_LABELS[user.role]}</span>
          </dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>
            <DateText iso={user.createdAt} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
