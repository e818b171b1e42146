; Inno Setup 6.3+ script for Pantau. Build the one-folder bundle first, on Windows:
;
;   .venv\Scripts\python installer\build.py      (runs iscc itself when it is on PATH)
;
; or by hand:  iscc /DAppVersion=<version> /DDistDir=..\..\dist\pantau installer\windows\pantau.iss
;
; The version is never written here: build.py passes desktop.__version__, and without
; /DAppVersion it is read from the version resource build.py embedded in pantau.exe.

#ifndef DistDir
  #define DistDir "..\..\dist\pantau"
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AddBackslash(DistDir) + "pantau.exe", "ProductVersion")
#endif

[Setup]
; AppId identifies Pantau for upgrades and uninstall: never change it.
AppId={{6F1B7C2E-3A54-4E8D-9B0A-8C2D5E7F4A11}
AppName=Pantau
AppVersion={#AppVersion}
AppVerName=Pantau {#AppVersion}
AppPublisher=Pantau
DefaultDirName={autopf}\Pantau
DefaultGroupName=Pantau
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights unless the user chooses all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=pantau-{#AppVersion}-windows-setup
SetupIconFile=pantau.ico
UninstallDisplayIcon={app}\pantau.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Pantau"; Filename: "{app}\pantau.exe"
Name: "{autodesktop}\Pantau"; Filename: "{app}\pantau.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\pantau.exe"; Description: "{cm:LaunchProgram,Pantau}"; Flags: nowait postinstall skipifsilent

; The user's data (database, keys, evidence) lives in the user's data folder, not in {app}:
; uninstalling never deletes it.
