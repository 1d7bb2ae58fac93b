<#
    Installing PartooKeys like any PowerShell module, with PSResourceGet (in pwsh 7.4+): from the built folder
    out/PartooKeys, Publish-PSResource to a file repository, Find-PSResource, Install-PSResource -Scope CurrentUser,
    import in a fresh pwsh, Update-PSResource to a higher version, Uninstall-PSResource.

    Every PSResourceGet call runs in a child pwsh whose HOME and XDG_* folders are under TestDrive, so the
    repository registration (PSResourceRepository.xml) and the CurrentUser module folder
    ($HOME/.local/share/powershell/Modules) are the test's own: the developer's HOME and repositories are never
    touched. On Windows the CurrentUser folder (Documents) cannot be moved for a child process: skipped there.
#>

BeforeDiscovery {
    $script:CannotIsolate = -not $IsCoreCLR -or $IsWindows -or -not (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    $script:Built = Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys'
    $script:Version = (Import-PowerShellDataFile -LiteralPath (Join-Path $Built 'PartooKeys.psd1')).ModuleVersion

    # A pwsh of this build, in a HOME of its own with nothing but its own module folders on PSModulePath.
    # Returns what the script's last line wrote with ConvertTo-Json; a failure throws with the child's output.
    function Invoke-IsolatedPwsh([string] $UserHome, [string] $Script) {
        $preamble = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'; `$PSStyle.OutputRendering = 'PlainText'; "
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($preamble + $Script))
        $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $prefix = @([Environment]::GetCommandLineArgs()[0]) }
        $isolated = @{
            HOME = $UserHome; XDG_DATA_HOME = "$UserHome/.local/share"; XDG_CONFIG_HOME = "$UserHome/.config"; XDG_CACHE_HOME = "$UserHome/.cache"
            PSModulePath = "$UserHome/.local/share/powershell/Modules"; POWERSHELL_TELEMETRY_OPTOUT = '1'; POWERSHELL_UPDATECHECK = 'Off'
        }
        $saved = @{}
        foreach ($name in $isolated.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $isolated[$name]) }
        try { $output = @(& $self @prefix -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }) }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        if ($LASTEXITCODE -ne 0 -or $output.Count -eq 0) { throw "The child pwsh failed (exit code $LASTEXITCODE):`n$($output -join "`n")" }
        $output[-1] | ConvertFrom-Json
    }

    # A copy of the built folder whose manifest says another ModuleVersion (a later release).
    function New-StampedCopy([string] $Version) {
        $copy = Join-Path $TestDrive "stamped-$Version/PartooKeys"
        Copy-Item -LiteralPath $Built -Destination $copy -Recurse
        $manifest = Join-Path $copy 'PartooKeys.psd1'
        (Get-Content -Raw -LiteralPath $manifest) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '$Version'" | Set-Content -LiteralPath $manifest -NoNewline
        $copy
    }

    function New-UserHome([string] $Name) {
        $path = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Path $path, "$path/.local/share/powershell/Modules"
        $path
    }

    if ($CannotIsolate) { return }
    $script:Simulator = Start-PartooSimulator
    $script:Repository = Join-Path $TestDrive 'feed'
    $null = New-Item -ItemType Directory -Path $Repository
    $script:UserHome = New-UserHome 'home'
    $script:Published = Invoke-IsolatedPwsh $UserHome @"
Register-PSResourceRepository -Name PartooKeysTestFeed -Uri '$Repository' -Trusted
Publish-PSResource -Path '$Built' -Repository PartooKeysTestFeed
`$found = @(Find-PSResource -Name PartooKeys -Repository PartooKeysTestFeed)
Install-PSResource -Name PartooKeys -Repository PartooKeysTestFeed -Scope CurrentUser
`$installed = @(Get-InstalledPSResource -Name PartooKeys -Scope CurrentUser)
@{
    Packages = @(Get-ChildItem -LiteralPath '$Repository' | ForEach-Object Name)
    Found = @(`$found | ForEach-Object { @{ Name = `$_.Name; Version = "`$(`$_.Version)"; Description = `$_.Description; Tags = @(`$_.Tags) } })
    Installed = @(`$installed | ForEach-Object { @{ Version = "`$(`$_.Version)"; Path = `$_.InstalledLocation } })
} | ConvertTo-Json -Compress -Depth 5
"@
}

AfterAll {
    if ($script:Simulator) { Stop-PartooSimulator $script:Simulator }
}

Describe 'Publish-PSResource, Find-PSResource and Install-PSResource from a file repository' -Skip:$CannotIsolate {
    It 'publishes PartooKeys.<version>.nupkg, and only that' {
        $Published.Packages | Should -Be @("PartooKeys.$Version.nupkg")
    }

    It 'finds PartooKeys with the manifest''s description and tags' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $Built 'PartooKeys.psd1')
        $found = @($Published.Found)
        $found | Should -HaveCount 1
        $found[0].Name | Should -BeExactly 'PartooKeys'
        $found[0].Version | Should -Be $Version
        $found[0].Description | Should -BeExactly $manifest.Description
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $found[0].Tags | Should -Contain $tag }
    }

    It 'installs into the CurrentUser module folder of the (temporary) HOME' {
        $installed = @($Published.Installed)
        $installed | Should -HaveCount 1
        $installed[0].Version | Should -Be $Version
        Join-Path $UserHome ".local/share/powershell/Modules/PartooKeys/$Version/PartooKeys.psd1" | Should -Exist
        Join-Path $UserHome ".local/share/powershell/Modules/PartooKeys/$Version/PartooKeys.format.ps1xml" | Should -Exist
    }

    It 'imports the installed copy in a fresh pwsh: connects, lists keys, shows the table view and help; Remove-Module unloads it all' {
        $run = Invoke-IsolatedPwsh $UserHome @"
`$available = @(Get-Module -ListAvailable PartooKeys)
Import-Module PartooKeys
`$base = (Get-Module PartooKeys).ModuleBase
Connect-Partoo -BaseUri '$($Simulator.BaseUri)' -ApiKey (New-Object System.Net.NetworkCredential('', '$($Simulator.ApiKey)')).SecurePassword
`$keys = @(Get-PartooApiKey)
`$table = Get-PartooApiKey -First 2 | Out-String -Width 200
`$help = Get-Help Get-PartooApiKey -Full | Out-String
`$about = Get-Help about_PartooKeys | Out-String
`$secretManagement = [bool](Get-Module Microsoft.PowerShell.SecretManagement)
Remove-Module PartooKeys
`$afterRemove = @(Get-Module PartooKeys*).Count + @(Get-FormatData -TypeName PartooKeys.ApiKey).Count
Import-Module PartooKeys
Connect-Partoo -BaseUri '$($Simulator.BaseUri)' -ApiKey (New-Object System.Net.NetworkCredential('', '$($Simulator.ApiKey)')).SecurePassword
`$again = @(Get-PartooApiKey -First 1).Count
@{ Available = `$available.Count; Base = `$base; Keys = `$keys.Count; Table = `$table; Help = `$help; About = `$about; SecretManagement = `$secretManagement; AfterRemove = `$afterRemove; Again = `$again } | ConvertTo-Json -Compress
"@
        $run.Available | Should -Be 1
        $run.Base | Should -BeLike "$UserHome*"
        $run.Keys | Should -Be $Simulator.KeyCount
        $run.Table | Should -Match 'Id\s+Label\s+Status\s+UserType\s+UserName'
        $run.Help | Should -Match 'Get-PartooApiKey'
        $run.Help | Should -Match '-Status'
        $run.Help | Should -Match 'EXAMPLE'
        $run.About | Should -Match 'about_PartooKeys'
        $run.SecretManagement | Should -BeFalse
        $run.AfterRemove | Should -Be 0
        $run.Again | Should -Be 1
    }
}

Describe 'Update-PSResource and Uninstall-PSResource' -Skip:$CannotIsolate {
    It 'updates to a higher published version, which a fresh pwsh loads; Uninstall-PSResource removes every version' {
        $userHome = New-UserHome 'home-update'
        $feed = Join-Path $TestDrive 'feed-update'
        $null = New-Item -ItemType Directory -Path $feed
        $next = ([version] $Version) | ForEach-Object { [version]::new($_.Major, $_.Minor, $_.Build + 1) }
        $stamped = New-StampedCopy "$next"
        $updated = Invoke-IsolatedPwsh $userHome @"
Register-PSResourceRepository -Name PartooKeysTestFeed -Uri '$feed' -Trusted
Publish-PSResource -Path '$Built' -Repository PartooKeysTestFeed
Install-PSResource -Name PartooKeys -Repository PartooKeysTestFeed -Scope CurrentUser
Publish-PSResource -Path '$stamped' -Repository PartooKeysTestFeed
Update-PSResource -Name PartooKeys -Repository PartooKeysTestFeed -Scope CurrentUser
@{ Packages = @(Get-ChildItem -LiteralPath '$feed' | ForEach-Object Name); Installed = @(Get-InstalledPSResource -Name PartooKeys -Scope CurrentUser | ForEach-Object { "`$(`$_.Version)" }) } | ConvertTo-Json -Compress
"@
        @($updated.Packages) | Sort-Object | Should -Be (@("PartooKeys.$Version.nupkg", "PartooKeys.$next.nupkg") | Sort-Object)
        @($updated.Installed) | Should -Contain "$next"

        $loaded = Invoke-IsolatedPwsh $userHome @"
Import-Module PartooKeys
`$version = "`$((Get-Module PartooKeys).Version)"
Remove-Module PartooKeys
Uninstall-PSResource -Name PartooKeys -Version '*' -Scope CurrentUser
@{ Version = `$version; Installed = @(Get-InstalledPSResource -Name PartooKeys -Scope CurrentUser -ErrorAction SilentlyContinue).Count; Available = @(Get-Module -ListAvailable PartooKeys).Count } | ConvertTo-Json -Compress
"@
        $loaded.Version | Should -Be "$next"
        $loaded.Installed | Should -Be 0
        $loaded.Available | Should -Be 0
        Join-Path $userHome '.local/share/powershell/Modules/PartooKeys' | Get-ChildItem -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
