import { useState } from 'react';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import {
  configErrorField,
  configPayload,
  initialConfigValues,
  requiresInput,
  type ConfigValue,
  type ConfigValues,
} from '../../marketplace/config-form';
import { needsConsent } from '../../marketplace/install-plan';
import type { AgentDetail, InstallPlan } from '../../marketplace/marketplace-types';
import { useInvalidateInstalls } from './use-invalidate-installs';

export type InstallMode = 'install' | 'update';
export type InstallStage = 'plan' | 'settings' | 'working' | 'done';

/**
 * The state of the install (or update) dialog: the plan for the chosen version and pin, the
 * consent, the settings of the version the plan lands on, and the install itself. `id` scopes
 * the elements it moves focus to.
 */
export function useInstallFlow(agent: AgentDetail, mode: InstallMode, id: string) {
  const name = agent.name;
  const [stage, setStage] = useState<InstallStage>('plan');
  const [version, setVersion] = useState('');
  const [pin, setPin] = useState(false);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState<string | undefined>();
  const [flowError, setFlowError] = useState<string | null>(null);
  const [values, setValues] = useState<{ version: string; values: ConfigValues } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [changeSettings, setChangeSettings] = useState(false);
  const [result, setResult] = useState<InstallPlan | null>(null);
  const invalidate = useInvalidateInstalls();

  const pinnedVersion = version || agent.latestCompatibleVersion || '';
  const request = {
    name,
    ...(version ? { version } : pin && pinnedVersion ? { version: pinnedVersion } : {}),
    ...(pin ? { pin: true } : {}),
  };
  const plan = trpc.marketplace.agents.installPlan.useQuery(request, {
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const target = plan.data?.changes.find((change) => change.name === name)?.to ?? null;
  const targetDetail = trpc.marketplace.agents.get.useQuery(
    { name, version: target ?? '' },
    { enabled: target !== null && target !== agent.version, staleTime: 60_000 },
  );
  const targetAgent = target === agent.version ? agent : targetDetail.data;
  const installations = trpc.marketplace.installations.list.useQuery(undefined, {
    enabled: mode === 'update',
  });
  const installation = installations.data?.find((item) => item.name === name);
  const fields = targetAgent?.config ?? [];
  const hasSettings = fields.length > 0;
  const mustFill = mode === 'install' || requiresInput(fields);
  const sendSettings = mustFill || changeSettings;

  // Settings start from the defaults (or the current ones), once per target version.
  if (
    targetAgent &&
    target &&
    values?.version !== target &&
    (mode === 'install' || installations.data)
  ) {
    setValues({
      version: target,
      values: initialConfigValues(fields, installation?.config ?? {}),
    });
  }

  const mutationOptions = {
    onSuccess: (applied: InstallPlan) => {
      setResult(applied);
      setStage('done');
      invalidate();
    },
    onError: (error: unknown) => {
      const message = errorMessage(error);
      const field = configErrorField(message);
      if (field) {
        setErrors({ [field.key]: field.message });
        setStage('settings');
        return;
      }
      setFlowError(message);
      if (errorCode(error) === 'PRECONDITION_FAILED') {
        // The permissions changed under us (a new version was published): ask again.
        setConsent(false);
        void plan.refetch();
      }
      setStage('plan');
    },
  };
  const install = trpc.marketplace.agents.install.useMutation(mutationOptions);
  const update = trpc.marketplace.agents.update.useMutation(mutationOptions);
  const working = install.isPending || update.isPending;

  const apply = (config: Record<string, ConfigValue> | undefined) => {
    setFlowError(null);
    setStage('working');
    const input = {
      ...request,
      ...(config !== undefined ? { config } : {}),
      ...(plan.data && needsConsent(plan.data) ? { acceptPermissions: true } : {}),
    };
    if (mode === 'install') install.mutate(input);
    else update.mutate(input);
  };

  const continueFromPlan = () => {
    if (!plan.data?.ok) return;
    if (needsConsent(plan.data) && !consent) {
      setConsentError('Tick the box to allow these permissions, or cancel.');
      document
        .getElementById(`${id}-plan`)
        ?.querySelector<HTMLInputElement>('.check--consent input')
        ?.focus();
      return;
    }
    setConsentError(undefined);
    if (hasSettings) setStage('settings');
    else apply(undefined);
  };

  const continueFromSettings = () => {
    if (!sendSettings || !values) {
      apply(undefined);
      return;
    }
    const checked = configPayload(fields, values.values, installation?.secretsSet ?? []);
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = fields.find((field) => checked.errors[field.key]);
      if (first)
        document
          .querySelector<HTMLElement>(`#${CSS.escape(`${id}-settings`)} [name="${first.key}"]`)
          ?.focus();
      return;
    }
    setErrors({});
    apply(checked.config);
  };

  const steps = [
    'Review the plan',
    ...(hasSettings ? ['Settings'] : []),
    mode === 'install' ? 'Install' : 'Update',
  ];
  const stepIndex = stage === 'plan' ? 0 : stage === 'settings' ? 1 : steps.length - 1;
  const verb = mode === 'install' ? 'Install' : 'Update';
  const planReady = plan.data?.ok === true && (!hasSettings || targetAgent !== undefined);
  const nothingToDo =
    mode === 'update' &&
    plan.data?.ok === true &&
    plan.data.changes.every((change) => change.kind === 'keep') &&
    !changeSettings;

  /** One setting changed: its value is kept, its error (if any) goes. */
  const setValue = (key: string, value: string | boolean) => {
    setValues((current) =>
      current ? { ...current, values: { ...current.values, [key]: value } } : current,
    );
    setErrors(({ [key]: _removed, ...rest }) => rest);
  };

  return {
    stage,
    setStage,
    version,
    setVersion,
    pin,
    setPin,
    pinnedVersion,
    consent,
    setConsent,
    consentError,
    setConsentError,
    flowError,
    values,
    setValue,
    errors,
    changeSettings,
    setChangeSettings,
    result,
    plan,
    target,
    installation,
    fields,
    hasSettings,
    mustFill,
    sendSettings,
    working,
    continueFromPlan,
    continueFromSettings,
    steps,
    stepIndex,
    verb,
    planReady,
    nothingToDo,
  };
}
