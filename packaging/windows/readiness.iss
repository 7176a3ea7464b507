; Inno Setup 6 script: the Windows installer for readiness-app.
;
; Built by `python packaging\build.py --installer` on Windows, which passes:
;   /DAppVersion=0.1.0  /DSourceDir=<dist\readiness-app>  /DIconFile=<readiness.ico>  /DOutputDir=<dist>
; or by hand:  iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\readiness-app readiness.iss
;
; For IT: a silent install for every user is
;   readiness-app-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
; and for the current user only (no admin rights): /VERYSILENT /CURRENTUSER.
; Check an install with:  "C:\Program Files\Readiness\readiness-cli.exe" --self-test
;
; Upgrades: the AppId below never changes, so a new version installs over the
; old one; the program folder's _internal\ is emptied first so no library from
; the old version lingers. User data (registers, settings, backups, logs in
; %LOCALAPPDATA%\readiness-app) is never installed, replaced or uninstalled.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\readiness-app"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6F1C2A9E-4B7D-4E55-9C1A-2D8B3E7F0A41}
AppName=Readiness
AppVersion={#AppVersion}
AppVerName=Readiness {#AppVersion}
AppPublisher=readiness-app
AppComments=Prepares adult social care for the CQC on-site assessment
DefaultDirName={autopf}\Readiness
DefaultGroupName=Readiness
DisableProgramGroupPage=yes
; Per-machine by default; a user without admin rights can choose a per-user install.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=readiness-app-{#AppVersion}-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\readiness.exe
UninstallDisplayName=Readiness {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before replacing its files, and start it again afterwards.
CloseApplications=yes
RestartApplications=yes
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Readiness
VersionInfoDescription=Readiness installer
; Registers (*.readiness, and *.sqlite as "Open with") open in the app when double-clicked.
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The bundle's libraries change between versions: start from an empty folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Registry]
; HKA: HKLM for a per-machine install, HKCU for a per-user one. Removed on uninstall.
Root: HKA; Subkey: "Software\Classes\.readiness"; ValueType: string; ValueName: ""; ValueData: "ReadinessApp.Register"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.readiness\OpenWithProgids"; ValueType: string; ValueName: "ReadinessApp.Register"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "ReadinessApp.Register"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ReadinessApp.Register"; ValueType: string; ValueName: ""; ValueData: "Readiness register"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ReadinessApp.Register\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\readiness.exe,0"
Root: HKA; Subkey: "Software\Classes\ReadinessApp.Register\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\readiness.exe"" ""%1"""

[Icons]
Name: "{autoprograms}\Readiness"; Filename: "{app}\readiness.exe"; Comment: "Prepare for the CQC on-site assessment"
Name: "{autoprograms}\Readiness demo"; Filename: "{app}\readiness.exe"; Parameters: "--demo"; Comment: "Open the app on a practice register"
Name: "{autodesktop}\Readiness"; Filename: "{app}\readiness.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\readiness.exe"; Description: "{cm:LaunchProgram,Readiness}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in the program folder; user data is left alone.
Type: filesandordirs; Name: "{app}\_internal"
