import type { CreatedApiKey } from '@capecontrol/schema';
import { useState } from 'react';
import { ApiKeyList, KEY_LIST_HEADING_ID } from './api-key-list';
import { CreateApiKeyForm } from './create-api-key-form';
import { NewKeySecret } from './new-key-secret';

export function ApiKeysSection() {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <section id="api-keys" className="section" aria-labelledby="api-keys-heading" tabIndex={-1}>
      <div className="section__header">
        <h2 id="api-keys-heading">API keys</h2>
        <p className="section__lede">
          Apps, scripts and CI use API keys to call CapeControl as you. Give each key only the
          scopes it needs; keys expire on their own and you can revoke one at any time.
        </p>
      </div>
      {created && (
        <NewKeySecret
          created={created}
          onDismiss={() => {
            setCreated(null);
            // The panel (and the focus in it) is gone; continue at the list that now holds the key.
            requestAnimationFrame(() => document.getElementById(KEY_LIST_HEADING_ID)?.focus());
          }}
        />
      )}
      <div className="api-keys">
        <CreateApiKeyForm onCreated={setCreated} />
        <ApiKeyList />
      </div>
    </section>
  );
}
