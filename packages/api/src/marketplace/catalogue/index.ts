export { catalogue, catalogueVersion, publishOrder, type CatalogueEntry } from './catalogue';
export {
  CATALOGUE_SETTING,
  publisherEmail,
  seedCatalogue,
  type SeedCatalogueOptions,
  type SeedCatalogueResult,
} from './seed';
export type { CatalogueAgent, CataloguePublisher, CatalogueVersion } from './types';
