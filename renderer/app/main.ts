import { createApp } from 'vue';
import LiveOverview from '../features/wall/live-overview.vue';

createApp(LiveOverview).mount('#app');
