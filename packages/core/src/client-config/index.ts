export { autoconfigXml } from './autoconfig.ts';
export { autodiscoverErrorXml, autodiscoverRequestAddress, autodiscoverXml } from './autodiscover.ts';
export { type MailServerSettings, mailServerSettings } from './mail-settings.ts';
export { mobileconfigProfile } from './mobileconfig.ts';
