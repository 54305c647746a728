import { hangarViteConfig } from '../viteApp.ts';

export default hangarViteConfig('/god-mode/');
