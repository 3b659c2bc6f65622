// Electron entry (the bundle out/main/index.js). Everything Electron lives in ./electron.
import './electron/main'
