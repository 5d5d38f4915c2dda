export { mailServerSettings, type MailServerSettings } from './mail-settings.ts';
export { autoconfigXml } from './autoconfig.ts';
export { autodiscoverXml, autodiscoverErrorXml, autodiscoverRequestAddress } from './autodiscover.ts';
export { mobileconfigProfile } from './mobileconfig.ts';
