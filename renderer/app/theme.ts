import type { GlobalThemeOverrides } from 'naive-ui';

/** Dark first: Naive UI's dark theme, tuned to the wall's panel colours in styles.css. */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    bodyColor: '#0b1220',
    cardColor: '#111a2e',
    modalColor: '#111a2e',
    popoverColor: '#16213a',
    tableColor: '#111a2e',
    primaryColor: '#5aa9ff',
    primaryColorHover: '#7dbbff',
    primaryColorPressed: '#3d8ee6',
    fontSize: '15px',
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
  },
};
