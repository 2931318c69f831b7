// English and Traditional Chinese. The choice is remembered in localStorage; the first visit follows the browser.
// Messages from the API are shown as the API wrote them (they are the contract), inside translated sentences.

export const messages = {
  en: {
    'title.home': 'Dashboard', 'title.login': 'Log in', 'title.containers': 'Containers', 'title.create': 'New container',
    'title.container': 'Container', 'title.files': 'Files', 'title.jobs': 'Jobs', 'title.audit': 'Audit trail',
    'title.notFound': 'Not found',
    'nav.main': 'Main', 'nav.containers': 'Containers', 'nav.files': 'Files', 'nav.jobs': 'Jobs',
    'nav.audit': 'Audit', 'nav.language': 'Language', 'nav.logout': 'Log out',
    'common.loading': 'Loading…', 'common.more': 'Load more', 'common.none': 'Nothing yet.',
    'common.shown': '{count} shown', 'common.yes': 'yes',
    'common.notAvailable': 'This server does not offer this yet.',
    'session.expired': 'Your session has expired. Log in again to continue where you were.',
    'login.title': 'Log in', 'login.registerTitle': 'Create an account', 'login.tab.login': 'Log in',
    'login.tab.register': 'Register', 'login.username': 'Username', 'login.password': 'Password',
    'login.usernameRule': '3 to 64 letters, digits, ".", "_" or "-".',
    'login.passwordRule': '8 to 72 bytes.', 'login.submit': 'Log in', 'login.register': 'Register and log in',
    'login.wrong': 'Wrong username or password ({message}).',
    'login.throttled': 'Too many failed attempts. Try again in {seconds} s.',
    'login.tryAgainNow': 'You can try again now.', 'login.apiDocs': 'API documentation',
    'containers.title': 'Containers', 'containers.new': 'New container',
    'containers.filter': 'Filter: name, image, state, command (e.g. status:running)',
    'containers.allStates': 'All states', 'containers.count': '{shown} of {total}',
    'containers.selectAll': 'Select all shown', 'containers.selected': '{count} selected',
    'containers.clearSelection': 'Clear selection', 'containers.none': 'No containers yet. Create one.',
    'containers.noMatch': 'No container matches the filter.',
    'containers.col.name': 'Name', 'containers.col.image': 'Image', 'containers.col.status': 'State',
    'containers.col.created': 'Created', 'containers.col.command': 'Command', 'containers.col.actions': 'Actions',
    'containers.deleteTitle': 'Delete container?', 'containers.deleteText': '{name} will be removed, also if it is running.',
    'containers.deleteMany': '{count} containers will be removed, also those running.',
    'containers.actionFailed': '{action} failed: {message}',
    'containers.bulkFailed': '{count} operations failed: {message}',
    'action.start': 'Start', 'action.stop': 'Stop', 'action.restart': 'Restart', 'action.delete': 'Delete',
    'action.cancel': 'Cancel',
    'state.created': 'created', 'state.running': 'running', 'state.paused': 'paused', 'state.restarting': 'restarting',
    'state.removing': 'removing', 'state.exited': 'exited', 'state.dead': 'dead',
    'job.pending': 'pending', 'job.running': 'running', 'job.completed': 'completed', 'job.failed': 'failed',
    'live.connecting': 'connecting…', 'live.live': 'live', 'live.polling': 'refreshing every 5 s',
    'live.retrying': 'reconnecting…',
    'create.title': 'New container', 'create.image': 'Image', 'create.cmd': 'Command',
    'create.cmdHint': 'Optional; split into words like a shell does (quotes keep spaces). Empty: the image\'s own.',
    'create.env': 'Environment', 'create.envKey': 'KEY', 'create.envValue': 'value', 'create.envAdd': 'Add variable',
    'create.envRemove': 'Remove variable', 'create.files': 'Files',
    'create.filesHint': 'Chosen files appear in the container as /files/<name>.',
    'create.noFiles': 'No files yet. Upload some under', 'create.submit': 'Create',
    'create.badCommand': 'The command has an unclosed quote.',
    'create.retryAfter': 'Try again in {seconds} s.',
    'create.badEnv': 'Every environment variable needs a key without "=".',
    'create.jobTitle': 'Creation job', 'create.pulling': 'Pulling the image…',
    'create.completed': 'The container was created.', 'create.inList': 'The container was created and is in the list.',
    'create.open': 'Open the container', 'create.backToList': 'Back to the list',
    'container.tab.logs': 'Logs', 'container.tab.stats': 'Stats', 'container.tab.console': 'Console',
    'details.id': 'ID', 'details.image': 'Image', 'details.cmd': 'Command', 'details.env': 'Environment',
    'details.created': 'Created', 'details.started': 'Started', 'details.exitCode': 'Exit code',
    'details.oom': 'Killed for lack of memory', 'details.stateError': 'Engine error',
    'logs.tail': 'Tail', 'logs.timestamps': 'Timestamps', 'logs.follow': 'Follow', 'logs.reload': 'Reload',
    'logs.search': 'Search the lines', 'logs.lines': '{count} lines', 'logs.matches': '{count} of {total} lines match',
    'logs.dropped': '({count} older lines dropped)', 'logs.ended': 'stream ended: {reason}',
    'stats.cpu': 'CPU', 'stats.memory': 'Memory',
    'stats.extra': 'State {state} · {pids} processes · network in {rx}, out {tx} · disk read {read}, written {write}',
    'console.connect': 'Connect', 'console.disconnect': 'Disconnect', 'console.idle': 'Not connected.',
    'console.connecting': 'Connecting…', 'console.connected': 'Connected.', 'console.exited': 'exited with code {code}',
    'console.closed': 'Closed ({reason}).',
    'files.title': 'Files', 'files.drop': 'Drop files here', 'files.orPick': 'or click to choose them',
    'files.uploaded': 'uploaded', 'files.name': 'Name', 'files.size': 'Size', 'files.modified': 'Modified',
    'files.download': 'Download', 'files.none': 'No files yet.', 'files.deleteTitle': 'Delete file?',
    'files.deleteText': '{name} will be deleted.', 'files.storage': 'Storage: {used} of {limit}',
    'files.count': 'Files: {used} of {limit}', 'files.unlimited': 'no limit',
    'jobs.title': 'Jobs', 'jobs.id': 'Job', 'jobs.type': 'Type', 'jobs.status': 'Status', 'jobs.result': 'Result',
    'jobs.created': 'Created', 'jobs.updated': 'Updated',
    'audit.title': 'Audit trail', 'audit.time': 'Time', 'audit.action': 'Action', 'audit.target': 'Target',
    'audit.outcome': 'Outcome', 'audit.detail': 'Detail',
    'notFound.title': 'Page not found', 'notFound.text': 'There is no page at this address.',
    'notFound.back': 'Go to the containers',
  },
  'zh-TW': {
    'title.home': '儀表板', 'title.login': '登入', 'title.containers': '容器', 'title.create': '建立容器',
    'title.container': '容器', 'title.files': '檔案', 'title.jobs': '任務', 'title.audit': '稽核紀錄',
    'title.notFound': '找不到頁面',
    'nav.main': '主選單', 'nav.containers': '容器', 'nav.files': '檔案', 'nav.jobs': '任務',
    'nav.audit': '稽核', 'nav.language': '語言', 'nav.logout': '登出',
    'common.loading': '載入中…', 'common.more': '載入更多', 'common.none': '目前沒有資料。',
    'common.shown': '已顯示 {count} 筆', 'common.yes': '是',
    'common.notAvailable': '此伺服器尚未提供這項功能。',
    'session.expired': '登入已逾時，請重新登入以回到剛才的頁面。',
    'login.title': '登入', 'login.registerTitle': '建立帳號', 'login.tab.login': '登入',
    'login.tab.register': '註冊', 'login.username': '使用者名稱', 'login.password': '密碼',
    'login.usernameRule': '3 到 64 個字母、數字、「.」、「_」或「-」。',
    'login.passwordRule': '8 到 72 個位元組。', 'login.submit': '登入', 'login.register': '註冊並登入',
    'login.wrong': '使用者名稱或密碼錯誤（{message}）。',
    'login.throttled': '失敗次數過多，請於 {seconds} 秒後再試。',
    'login.tryAgainNow': '現在可以再試一次。', 'login.apiDocs': 'API 文件',
    'containers.title': '容器', 'containers.new': '建立容器',
    'containers.filter': '篩選：名稱、映像檔、狀態、指令（例如 status:running）',
    'containers.allStates': '所有狀態', 'containers.count': '{shown} / {total}',
    'containers.selectAll': '全選顯示中的容器', 'containers.selected': '已選取 {count} 個',
    'containers.clearSelection': '清除選取', 'containers.none': '還沒有容器，建立一個吧。',
    'containers.noMatch': '沒有符合篩選條件的容器。',
    'containers.col.name': '名稱', 'containers.col.image': '映像檔', 'containers.col.status': '狀態',
    'containers.col.created': '建立時間', 'containers.col.command': '指令', 'containers.col.actions': '操作',
    'containers.deleteTitle': '刪除容器？', 'containers.deleteText': '將移除 {name}，執行中的也會一併移除。',
    'containers.deleteMany': '將移除 {count} 個容器，包含執行中的。',
    'containers.actionFailed': '{action}失敗：{message}',
    'containers.bulkFailed': '{count} 個操作失敗：{message}',
    'action.start': '啟動', 'action.stop': '停止', 'action.restart': '重新啟動', 'action.delete': '刪除',
    'action.cancel': '取消',
    'state.created': '已建立', 'state.running': '執行中', 'state.paused': '已暫停', 'state.restarting': '重新啟動中',
    'state.removing': '移除中', 'state.exited': '已結束', 'state.dead': '無法回復',
    'job.pending': '等待中', 'job.running': '進行中', 'job.completed': '已完成', 'job.failed': '失敗',
    'live.connecting': '連線中…', 'live.live': '即時', 'live.polling': '每 5 秒更新',
    'live.retrying': '重新連線中…',
    'create.title': '建立容器', 'create.image': '映像檔', 'create.cmd': '指令',
    'create.cmdHint': '選填；依 shell 規則切分（引號可保留空白）。留空則使用映像檔預設指令。',
    'create.env': '環境變數', 'create.envKey': '名稱', 'create.envValue': '值', 'create.envAdd': '新增變數',
    'create.envRemove': '移除變數', 'create.files': '檔案',
    'create.filesHint': '選取的檔案會出現在容器的 /files/<檔名>。',
    'create.noFiles': '尚無檔案，請先上傳：', 'create.submit': '建立',
    'create.badCommand': '指令中的引號沒有成對。',
    'create.retryAfter': '請於 {seconds} 秒後再試。',
    'create.badEnv': '每個環境變數都需要名稱，且名稱不可包含「=」。',
    'create.jobTitle': '建立任務', 'create.pulling': '正在下載映像檔…',
    'create.completed': '容器已建立。', 'create.inList': '容器已建立，並已出現在列表中。',
    'create.open': '開啟容器', 'create.backToList': '回到列表',
    'container.tab.logs': '日誌', 'container.tab.stats': '資源使用', 'container.tab.console': '終端機',
    'details.id': 'ID', 'details.image': '映像檔', 'details.cmd': '指令', 'details.env': '環境變數',
    'details.created': '建立時間', 'details.started': '啟動時間', 'details.exitCode': '結束代碼',
    'details.oom': '因記憶體不足被終止', 'details.stateError': 'Engine 錯誤',
    'logs.tail': '最後幾行', 'logs.timestamps': '時間戳記', 'logs.follow': '持續追蹤', 'logs.reload': '重新載入',
    'logs.search': '搜尋日誌', 'logs.lines': '{count} 行', 'logs.matches': '{total} 行中有 {count} 行符合',
    'logs.dropped': '（已捨棄 {count} 行較舊的內容）', 'logs.ended': '串流結束：{reason}',
    'stats.cpu': 'CPU', 'stats.memory': '記憶體',
    'stats.extra': '狀態 {state} · {pids} 個行程 · 網路接收 {rx}、傳送 {tx} · 磁碟讀取 {read}、寫入 {write}',
    'console.connect': '連線', 'console.disconnect': '中斷連線', 'console.idle': '尚未連線。',
    'console.connecting': '連線中…', 'console.connected': '已連線。', 'console.exited': '已結束，代碼 {code}',
    'console.closed': '已關閉（{reason}）。',
    'files.title': '檔案', 'files.drop': '將檔案拖放到這裡', 'files.orPick': '或點此選擇檔案',
    'files.uploaded': '已上傳', 'files.name': '名稱', 'files.size': '大小', 'files.modified': '修改時間',
    'files.download': '下載', 'files.none': '還沒有檔案。', 'files.deleteTitle': '刪除檔案？',
    'files.deleteText': '將刪除 {name}。', 'files.storage': '儲存空間：已用 {used}，上限 {limit}',
    'files.count': '檔案數：{used}，上限 {limit}', 'files.unlimited': '無上限',
    'jobs.title': '任務', 'jobs.id': '任務', 'jobs.type': '類型', 'jobs.status': '狀態', 'jobs.result': '結果',
    'jobs.created': '建立時間', 'jobs.updated': '更新時間',
    'audit.title': '稽核紀錄', 'audit.time': '時間', 'audit.action': '動作', 'audit.target': '對象',
    'audit.outcome': '結果', 'audit.detail': '細節',
    'notFound.title': '找不到頁面', 'notFound.text': '這個網址沒有對應的頁面。',
    'notFound.back': '前往容器列表',
  },
};

const STORAGE_KEY = 'cm.lang';

function storage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

export function pickLanguage(saved, browserLanguages = []) {
  if (saved && messages[saved]) return saved;
  for (const lang of browserLanguages) if (/^zh\b/i.test(lang)) return 'zh-TW';
  return 'en';
}

export function format(template, params) {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, key) => (params[key] == null ? m : String(params[key])));
}

export const i18n = {
  languages: [['en', 'English'], ['zh-TW', '繁體中文']],
  language: pickLanguage(storage()?.getItem(STORAGE_KEY), globalThis.navigator?.languages || []),
  setLanguage(lang) {
    if (!messages[lang]) return;
    this.language = lang;
    storage()?.setItem(STORAGE_KEY, lang);
  },
};

/** The message for key in the current language (English, then the fallback or key, when missing). */
export function t(key, params, fallback) {
  const template = messages[i18n.language][key] ?? messages.en[key] ?? fallback ?? key;
  return format(template, params);
}
