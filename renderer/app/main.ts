import { createApp } from 'vue';
import { createPinia } from 'pinia';
import AppRoot from './app-root.vue';
import { i18n, setLocale, currentLocale } from './i18n';
import { createConsoleRouter } from './router';
import './styles.css';

const app = createApp(AppRoot);
app.use(createPinia());
app.use(i18n);
app.use(createConsoleRouter());
setLocale(currentLocale(), false);
app.mount('#app');
