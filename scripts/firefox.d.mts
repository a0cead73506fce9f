import type { LaunchOptions } from 'puppeteer-core';
export declare const FIREFOX_PATH: string;
export declare function firefoxLaunchOptions(extraPrefsFirefox?: Record<string, unknown>): LaunchOptions;
