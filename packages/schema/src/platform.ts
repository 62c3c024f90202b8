/**
 * The CapeControl platform version that manifests' `engines.capecontrol` ranges are checked
 * against (at publish, install and update). Bumped with every release of the platform.
 */
export const CAPECONTROL_VERSION = '0.1.0';
