<#
.SYNOPSIS
    Builds, tests, packages and demos PartooKeys. Needs only the .NET SDK: run `dotnet tool restore` once, then
    `dotnet pwsh -NoProfile ./build.ps1 -Task <Task>`.
.EXAMPLE
    ./build.ps1                 # Build: lays out the importable module at out/PartooKeys
.EXAMPLE
    ./build.ps1 -Task Test      # builds, runs the xunit suites and every tests/*.Tests.ps1 (Pester 5.7.1 from NuGet); last line "N passed, N failed"
.EXAMPLE
    ./build.ps1 -Task Pester    # only the Pester stories, in THIS shell's edition (e.g. powershell.exe on Windows), no build
.EXAMPLE
    ./build.ps1 -Task Package   # out/PartooKeys.zip with PartooKeys/ at its root (Azure Automation) and out/PartooKeys.<version>.nupkg (feeds, Gallery)
.EXAMPLE
    ./build.ps1 -Task Publish -Repository MyFeed                       # Publish-PSResource of the built folder to a registered repository
.EXAMPLE
    ./build.ps1 -Task Publish -Repository MyFeed -ApiKey (Read-Host -AsSecureString 'Feed API key')
.EXAMPLE
    ./build.ps1 -Task Package -ProjectUri https://example.org/partookeys -LicenseUri https://example.org/partookeys/LICENSE
.EXAMPLE
    ./build.ps1 -Task Mutation  # Stryker.NET (dotnet-stryker, pinned in .config/dotnet-tools.json) on the files that guard secrets, validation, paging, ... (docs/mutation.md); reports in out/mutation/; not part of -Task Test
.EXAMPLE
    ./build.ps1 -Task Mutation -Mutate src/PartooKeys.Client/Http/Redactor.cs, 'src/PartooKeys/Validation/*.cs'   # only these files (globs from the repository root), each with its project's test projects
.EXAMPLE
    ./build.ps1 -Task Demo      # an interactive pwsh connected to a local simulator with demo keys
.EXAMPLE
    ./build.ps1 -Task Demo -Command 'Get-PartooApiKey -First 5; Get-PartooApiKeyAudit -Summary'
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Package', 'Publish', 'Demo', 'Mutation')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Demo: run this script in the demo session instead of opening a prompt; the exit code is the script's.
    [string] $Command,
    # Demo, Pester, Package and Publish: use what is already built.
    [switch] $NoBuild,
    # Publish: a repository registered with Register-PSResourceRepository (a file share, a NuGet feed, PSGallery).
    [string] $Repository,
    # Publish: the feed's API key, as a SecureString; without it PSResourceGet uses the repository's own
    # credentials (Register-PSResourceRepository -CredentialInfo) or none (a file share).
    [securestring] $ApiKey,
    # Package and Publish: the project's and license's addresses written into the package's manifest (none by default).
    [uri] $ProjectUri,
    [uri] $LicenseUri,
    # Mutation: the files to mutate, as globs from the repository root (src/PartooKeys.Client/... or src/PartooKeys/...);
    # by default the files docs/mutation.md measures. 'src/PartooKeys.Client/**/*.cs' takes a whole project.
    # A comma-separated string ('a,b', as `dotnet pwsh ./build.ps1 -Mutate a,b` passes it) is split into globs.
    [string[]] $Mutate,
    # Mutation: Stryker's parallel test sessions (1: the machine is shared, and the engine tests host PowerShell).
    [ValidateRange(1, 64)]
    [int] $Concurrency = 1,
    # Mutation: All (default) tests the client's mutants with its unit tests and the engine tests; Unit with the unit
    # tests alone (no PowerShell host per mutant: several times faster, a lower bound). The module's mutants always
    # need the engine tests.
    [ValidateSet('All', 'Unit')]
    [string] $MutationTests = 'All',
    # Mutation: a dotnet test filter for every test project of the run (e.g. 'FullyQualifiedName~ApiKeyInputTests'):
    # fewer tests per mutant, so a lower bound of the score.
    [string] $TestCaseFilter
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Verbose "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# This shell again, as a child: pwsh (also when run as `dotnet pwsh`) or powershell.exe.
function Get-ShellCommand {
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return @($self, [Environment]::GetCommandLineArgs()[0]) }
    @($self)
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    foreach ($line in (& dotnet nuget locals global-packages --list)) {
        if ($line -match 'global-packages:\s*(.+)$') { return $Matches[1].Trim() }
    }
    throw 'Could not find the NuGet packages folder (dotnet nuget locals global-packages --list).'
}

function Get-PesterManifest {
    Invoke-Dotnet restore tests/PesterModule/PesterModule.csproj --verbosity quiet
    $manifest = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Pester 5.7.1 was restored but $manifest is missing." }
    $manifest
}

function Invoke-Build {
    Invoke-Dotnet build src/PartooKeys/PartooKeys.csproj -c $Configuration
}

# Runs the Pester stories in a child shell of this edition; returns @{ passed; failed; total }.
function Invoke-PesterStories {
    $resultPath = Join-Path ([IO.Path]::GetTempPath()) "partookeys-pester-$PID.json"
    Remove-Item -LiteralPath $resultPath -ErrorAction SilentlyContinue
    $shell = @(Get-ShellCommand)
    $runner = Join-Path $PSScriptRoot 'tests/Pester/Invoke-PartooPester.ps1'
    $arguments = @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $runner, '-PesterManifest', (Get-PesterManifest), '-ResultPath', $resultPath)
    & $shell[0] @arguments | Out-Host
    $exitCode = $LASTEXITCODE
    $counts = if (Test-Path -LiteralPath $resultPath) { Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json } else { $null }
    Remove-Item -LiteralPath $resultPath -ErrorAction SilentlyContinue
    if (-not $counts) { return @{ passed = 0; failed = 1; total = 0; ok = $false } }
    @{ passed = [int] $counts.passed; failed = [int] $counts.failed; total = [int] $counts.total; ok = ($exitCode -eq 0 -and $counts.total -gt 0) }
}

function Invoke-Test {
    # 1. xunit: builds everything (module folder, simulator, fixtures), then the client and engine suites.
    $passed = 0; $failed = 0; $ok = $true
    & dotnet test PartooKeys.sln -c $Configuration 2>&1 | ForEach-Object {
        $line = "$_"
        if ($line -match '(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)') { $failed += [int] $Matches[2]; $passed += [int] $Matches[3] }
        $line
    } | Out-Host
    if ($LASTEXITCODE -ne 0) { $ok = $false }
    if ($passed + $failed -eq 0) { Write-Host 'dotnet test ran no test (did the build fail?).'; $ok = $false; $failed++ }

    # 2. Pester stories in this edition, against out/PartooKeys and the simulator process.
    if ($ok -or $passed -gt 0) {
        $pester = Invoke-PesterStories
        $passed += $pester.passed; $failed += $pester.failed
        if (-not $pester.ok) { $ok = $false; if ($pester.total -eq 0) { Write-Host 'Pester found nothing to run.' } }
    }
    Write-Host "$passed passed, $failed failed"
    if (-not $ok) { exit 1 }
}

function Invoke-PesterTask {
    if (-not $NoBuild) { Invoke-Dotnet build PartooKeys.sln -c $Configuration }
    $pester = Invoke-PesterStories
    Write-Host "$($pester.passed) passed, $($pester.failed) failed"
    if (-not $pester.ok) { exit 1 }
}

# PSResourceGet (in PowerShell 7.4 and later) makes and publishes the .nupkg.
function Assert-PSResourceGet {
    if (-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw "This task needs PSResourceGet 1.1 or later (in PowerShell 7.4 and later). Run it in the pinned pwsh: dotnet tool restore; dotnet pwsh -NoProfile ./build.ps1 -Task $Task"
    }
}

$script:PackageStage = Join-Path $PSScriptRoot 'out/package-stage'
function Remove-PackageStage { Remove-Item -LiteralPath $script:PackageStage -Recurse -Force -ErrorAction SilentlyContinue }

# The folder to package: out/PartooKeys itself, or a copy whose manifest carries -ProjectUri/-LicenseUri.
function Get-PackageSource {
    $built = Join-Path $PSScriptRoot 'out/PartooKeys'
    if (-not (Test-Path -LiteralPath (Join-Path $built 'PartooKeys.psd1'))) { throw "out/PartooKeys is not built. Run: ./build.ps1 (or leave out -NoBuild)." }
    $addresses = [ordered]@{ ProjectUri = $ProjectUri; LicenseUri = $LicenseUri }
    if (-not ($addresses.Values | Where-Object { $_ })) { return $built }
    $stage = Join-Path $script:PackageStage 'PartooKeys'
    Remove-PackageStage
    Copy-Item -LiteralPath $built -Destination $stage -Recurse
    $manifest = Join-Path $stage 'PartooKeys.psd1'
    $text = Get-Content -Raw -LiteralPath $manifest
    foreach ($name in $addresses.Keys) {
        $address = $addresses[$name]
        if (-not $address) { continue }
        if (-not $address.IsAbsoluteUri -or $address.Scheme -notin 'http', 'https') { throw "-$name '$address' is not an absolute http:// or https:// address." }
        $text = $text -replace '(PSData\s*=\s*@\{)', ('$1' + [Environment]::NewLine + "            $name = '$($address.AbsoluteUri -replace "'", "''")'")
    }
    Set-Content -LiteralPath $manifest -Value $text -Encoding UTF8 -NoNewline
    $stage
}

function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    Assert-PSResourceGet
    try {
        $source = Get-PackageSource
        $out = Join-Path $PSScriptRoot 'out'
        $zip = Join-Path $out 'PartooKeys.zip'
        Remove-Item -LiteralPath $zip -ErrorAction SilentlyContinue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        # includeBaseDirectory: PartooKeys/ at the zip's root, as Azure Automation expects.
        [IO.Compression.ZipFile]::CreateFromDirectory($source, $zip, [IO.Compression.CompressionLevel]::Optimal, $true)
        Write-Host "Packaged $zip"
        # The .nupkg that Publish-PSResource would push, made by PSResourceGet from the folder (no repository involved).
        Get-ChildItem -LiteralPath $out -Filter 'PartooKeys.*.nupkg' | Remove-Item
        $nupkg = Compress-PSResource -Path $source -DestinationPath $out -PassThru
        Write-Host "Packaged $nupkg"
    }
    finally { Remove-PackageStage }
}

function Invoke-Publish {
    if (-not $Repository) { throw '-Task Publish needs -Repository <name> (see Get-PSResourceRepository; Register-PSResourceRepository adds a file share or a NuGet feed).' }
    Assert-PSResourceGet
    if (-not (Get-PSResourceRepository -Name $Repository -ErrorAction SilentlyContinue)) {
        throw "No repository '$Repository' is registered. Register it first, e.g. Register-PSResourceRepository -Name $Repository -Uri \\server\share\PowerShell (or a NuGet feed's v3 address)."
    }
    if (-not $NoBuild) { Invoke-Build }
    try {
        $publish = @{ Path = (Get-PackageSource); Repository = $Repository; ErrorAction = 'Stop' }
        # Publish-PSResource takes the key as a string: it is plaintext only for this call.
        if ($ApiKey) { $publish.ApiKey = [System.Net.NetworkCredential]::new('', $ApiKey).Password }
        Publish-PSResource @publish
        $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $publish.Path 'PartooKeys.psd1')).ModuleVersion
        Write-Host "Published PartooKeys $version to $Repository"
    }
    finally { Remove-PackageStage }
}

function Invoke-Demo {
    if (-not $NoBuild) {
        Invoke-Build
        Invoke-Dotnet build tests/PartooKeys.Simulator/PartooKeys.Simulator.csproj -c $Configuration
    }
    Import-Module (Join-Path $PSScriptRoot 'tests/Pester/PartooKeys.TestHelpers.psm1') -Force
    $simulator = Start-PartooSimulator -Arguments '--demo'
    try {
        $manifest = Join-Path $PSScriptRoot 'out/PartooKeys/PartooKeys.psd1'
        # The demo never touches a real vault: the in-memory SecretManagement test double comes FIRST on the path (so
        # -SecretName/-Vault in the demo use it, even where the real module and a default vault exist), no PARTOO_*
        # variable reaches the session, and the connection is made with -ApiKey only. Nothing is written to profiles.
        $doubles = Join-Path $PSScriptRoot 'tests/PartooKeys.Tests/TestModules'
        $setup = @"
Get-ChildItem Env:PARTOO_* | Remove-Item
`$env:PSModulePath = '$doubles' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module '$manifest' -ErrorAction Stop
Connect-Partoo -BaseUri '$($simulator.BaseUri)' -ApiKey (New-Object System.Net.NetworkCredential('', '$($simulator.ApiKey)')).SecurePassword -ErrorAction Stop
"@
        $banner = @'
Write-Host ''
Write-Host 'PartooKeys demo: connected to a local Partoo simulator with demo keys (nothing real is touched: vaults here are in memory).' -ForegroundColor Cyan
Write-Host '  Get-PartooApiKey -First 10                                  # list (every page, as you read)'
Write-Host '  Get-PartooApiKey -Status Expired -Type Bot                  # filter'
Write-Host '  Get-PartooApiKey | Where-Object { -not $_.HasRestrictedPermissions } | Select-Object -First 5'
Write-Host '  Get-PartooApiKeyAudit -Summary                              # audit: how many keys break each rule'
Write-Host '  Get-PartooApiKeyAudit -Rule DormantPermissions | Format-List'
Write-Host '  New-PartooApiKey -Label Demo -Permission review_read -ExpirationDate (Get-Date).AddDays(30) -WhatIf'
Write-Host '  Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf'
Write-Host '  Get-Help Get-PartooApiKey -Examples'
Write-Host 'Type exit to leave; the simulator stops with the session.' -ForegroundColor Cyan
'@
        $shell = @(Get-ShellCommand)
        $arguments = @($shell | Select-Object -Skip 1) + @('-NoProfile', '-OutputFormat', 'Text')
        # -EncodedCommand: the script reaches the child intact, quotes included, in every edition.
        if ($Command) { $script = $setup + [Environment]::NewLine + $Command; $arguments += '-NonInteractive' }
        else { $script = $setup + [Environment]::NewLine + $banner; $arguments += '-NoExit' }
        $arguments += @('-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script)))
        & $shell[0] @arguments
        $exitCode = $LASTEXITCODE
    }
    finally {
        Stop-PartooSimulator $simulator
    }
    if ($exitCode -ne 0) { exit $exitCode }
}

# Mutation testing: the projects Stryker mutates, with every test project that exercises each.
$script:MutationProjects = [ordered]@{
    'src/PartooKeys.Client' = @{ Name = 'client'; Tests = @('tests/PartooKeys.Client.Tests', 'tests/PartooKeys.Tests') }
    'src/PartooKeys'        = @{ Name = 'module'; Tests = @('tests/PartooKeys.Tests') }
}
# The files docs/mutation.md measures: secrets, validation, prompts' inputs, the change planner, paging, the audit.
$script:MutationDefault = @(
    'src/PartooKeys.Client/Http/Redactor.cs'
    'src/PartooKeys.Client/Http/AnswerReader.cs'
    'src/PartooKeys.Client/Paging/ApiKeyPager.cs'
    'src/PartooKeys.Client/Json/PartooTimestampConverter.cs'
    'src/PartooKeys.Client/Models/ApiKeyChanges.cs'
    'src/PartooKeys.Client/Audit/ApiKeyAuditor.cs'
    'src/PartooKeys/Validation/*.cs'
)

# The output folders of tests/PartooKeys.Tests, where Stryker writes the mutated assembly (see MutatedModule.cs).
function Get-EngineTestOutput {
    Get-ChildItem -Path (Join-Path $PSScriptRoot 'tests/PartooKeys.Tests/bin') -Directory -Recurse -ErrorAction SilentlyContinue |
        Where-Object { Test-Path -LiteralPath (Join-Path $_.FullName 'PartooKeys.Tests.dll') }
}

# What a mutation run puts beside the engine tests (no original there to restore).
$script:ModuleBesideTests = 'PartooKeys.dll', 'PartooKeys.Client.dll', 'PartooKeys.Loader.dll', 'Dependencies', 'mutation-module'

function Remove-InjectedAssemblies {
    foreach ($folder in Get-EngineTestOutput) {
        foreach ($name in $script:ModuleBesideTests) {
            Remove-Item -LiteralPath (Join-Path $folder.FullName $name) -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

# The test adapter loads an assembly Stryker injected beside the engine tests from there, before any test code runs:
# the rest of the module must be there too (its other assemblies, and Dependencies where ModuleInitializer looks), or
# every test fails to load and every mutant would count as killed.
function Add-ModuleBesideTests {
    Invoke-Dotnet build tests/PartooKeys.Tests/PartooKeys.Tests.csproj -c $Configuration --verbosity quiet
    $module = Join-Path $PSScriptRoot 'out/PartooKeys'
    foreach ($folder in Get-EngineTestOutput) {
        foreach ($name in $script:ModuleBesideTests | Where-Object { Test-Path -LiteralPath (Join-Path $module $_) }) {
            Copy-Item -LiteralPath (Join-Path $module $name) -Destination $folder.FullName -Recurse -Force
        }
    }
}

# Killed and timed-out mutants over all those that ran or had no test (Stryker's own score; compile errors and ignored ones left out).
function Get-MutationScore {
    param([object[]] $Mutants)
    $detected = @($Mutants | Where-Object status -in 'Killed', 'Timeout').Count
    $undetected = @($Mutants | Where-Object status -in 'Survived', 'NoCoverage').Count
    [pscustomobject]@{
        Score      = if ($detected + $undetected) { [math]::Round(100 * $detected / ($detected + $undetected), 2) } else { $null }
        Killed     = @($Mutants | Where-Object status -eq 'Killed').Count
        Timeout    = @($Mutants | Where-Object status -eq 'Timeout').Count
        Survived   = @($Mutants | Where-Object status -eq 'Survived').Count
        NoCoverage = @($Mutants | Where-Object status -eq 'NoCoverage').Count
    }
}

function Invoke-Mutation {
    $globs = if ($Mutate) { $Mutate } else { $script:MutationDefault }
    # 'dotnet pwsh ./build.ps1 -Mutate a,b' (and -File) passes the list as the one string 'a,b': split it here.
    $globs = @($globs | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ } | ForEach-Object { $_ -replace '\\', '/' -replace '^\./', '' })
    $runs = [ordered]@{}
    foreach ($glob in $globs) {
        # The longest project folder the glob lies in (src/PartooKeys.Client before src/PartooKeys).
        $project = $script:MutationProjects.Keys | Sort-Object Length -Descending | Where-Object { $glob.StartsWith("$_/", [StringComparison]::Ordinal) } | Select-Object -First 1
        if (-not $project) { throw "-Mutate '$glob' is not under $($script:MutationProjects.Keys -join ' or ')." }
        if (-not $runs.Contains($project)) { $runs[$project] = [Collections.Generic.List[string]]::new() }
        $runs[$project].Add($glob.Substring($project.Length + 1))
    }
    Invoke-Dotnet tool restore
    Invoke-Build # out/PartooKeys: the module the engine tests import, and what Add-ModuleBesideTests copies
    $root = Join-Path $PSScriptRoot 'out/mutation'
    New-Item -ItemType Directory -Force -Path $root | Out-Null
    $failed = $false
    $summary = [Collections.Generic.List[string]]::new()
    # The engine tests load the module from a copy of out/PartooKeys with the mutated assembly in it (MutatedModule.cs).
    $env:PARTOOKEYS_MUTATION = '1'
    try {
        foreach ($project in $runs.Keys) {
            $info = $script:MutationProjects[$project]
            $name = $info.Name
            $output = Join-Path $root $name
            $tests = if ($MutationTests -eq 'Unit' -and $name -eq 'client') { @($info.Tests[0]) } else { $info.Tests }
            Remove-Item -LiteralPath $output -Recurse -Force -ErrorAction SilentlyContinue
            Remove-InjectedAssemblies
            if ($tests -contains 'tests/PartooKeys.Tests') { Add-ModuleBesideTests }
            $projectFile = Join-Path $PSScriptRoot "$project/$(Split-Path -Leaf $project).csproj"
            $arguments = @('dotnet-stryker', '--project', (Split-Path -Leaf $projectFile), '--configuration', $Configuration,
                '--concurrency', "$Concurrency", '--output', $output, '--skip-version-check',
                '--reporter', 'html', '--reporter', 'json', '--reporter', 'cleartext', '--reporter', 'progress')
            foreach ($test in $tests) { $arguments += @('--test-project', (Join-Path $PSScriptRoot "$test/$(Split-Path -Leaf $test).csproj")) }
            # The globs go in a config file: PowerShell on Linux and macOS would expand a * in a native command's arguments.
            New-Item -ItemType Directory -Force -Path $output | Out-Null
            $config = Join-Path $output 'stryker-config.json'
            @{ 'stryker-config' = @{ mutate = @($runs[$project]) } } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $config -Encoding UTF8
            $arguments += @('--config-file', $config)
            if ($TestCaseFilter) { $arguments += @('--test-case-filter', $TestCaseFilter) }
            Write-Host "Stryker on $project ($($runs[$project] -join ', ')) with $($tests -join ', ')$(if ($TestCaseFilter) { " (filter: $TestCaseFilter)" })"
            Push-Location -LiteralPath (Join-Path $PSScriptRoot $project)
            try {
                & dotnet @arguments | Out-Host
                if ($LASTEXITCODE -ne 0) { Write-Host "dotnet-stryker on $project failed with exit code $LASTEXITCODE."; $failed = $true; continue }
            }
            finally { Pop-Location; Remove-InjectedAssemblies }
            $report = Get-ChildItem -LiteralPath $output -Filter 'mutation-report.json' -Recurse | Sort-Object LastWriteTime | Select-Object -Last 1
            if (-not $report) { Write-Host "No mutation-report.json under $output."; $failed = $true; continue }
            $json = Get-Content -Raw -LiteralPath $report.FullName | ConvertFrom-Json
            $all = [Collections.Generic.List[object]]::new()
            $written = $summary.Count
            foreach ($file in $json.files.PSObject.Properties) {
                $mutants = @($file.Value.mutants)
                $all.AddRange($mutants)
                $score = Get-MutationScore $mutants
                if ($null -eq $score.Score) { continue } # not mutated in this run (outside -Mutate), or only compile errors
                $relative = [IO.Path]::GetRelativePath($PSScriptRoot, $file.Name) -replace '\\', '/'
                $summary.Add(('{0,-55} {1,7} killed {2}, timeout {3}, survived {4}, no coverage {5}' -f $relative, $(if ($null -eq $score.Score) { 'n/a' } else { "$($score.Score)%" }), $score.Killed, $score.Timeout, $score.Survived, $score.NoCoverage))
            }
            $total = Get-MutationScore $all
            $lines = @($summary | Select-Object -Skip $written)
            $summary.Add(('{0,-55} {1,7} killed {2}, timeout {3}, survived {4}, no coverage {5}  (tests: {7}; report: {6})' -f "$project (these files)", "$($total.Score)%", $total.Killed, $total.Timeout, $total.Survived, $total.NoCoverage, ([IO.Path]::GetRelativePath($PSScriptRoot, $report.Directory.FullName) -replace '\\', '/'), ($tests -join ', ')))
            ($lines + $summary[-1]) | Set-Content -LiteralPath (Join-Path $output 'summary.txt') -Encoding UTF8
        }
    }
    finally {
        Remove-Item Env:PARTOOKEYS_MUTATION -ErrorAction SilentlyContinue
    }
    Write-Host ''
    Write-Host 'Mutation score (killed + timeout over killed + timeout + survived + no coverage):'
    $summary | ForEach-Object { Write-Host $_ }
    if ($failed) { exit 1 }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Pester' { Invoke-PesterTask }
    'Package' { Invoke-Package }
    'Publish' { Invoke-Publish }
    'Demo' { Invoke-Demo }
    'Mutation' { Invoke-Mutation }
}
