<#
    Shared setup for the Pester stories (tests/*.Tests.ps1). Runs in pwsh 7.4+ and Windows PowerShell 5.1.

    HOW TO WRITE A STORY FILE (tests/<Area>.Tests.ps1):

        BeforeAll {
            Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
            Start-PartooStory                 # simulator process + out/PartooKeys imported + connected
        }
        AfterAll { Stop-PartooStory }
        BeforeEach { Reset-Simulator }        # keys, log, knobs and faults back to the start (order-free Its)

        Describe 'Get-PartooApiKey' {
            It 'reads one page for -First 5' {
                Get-PartooApiKey -First 5 | Should -HaveCount 5
                @(Get-SimRequests) | Should -HaveCount 1
            }
        }

    - The module under test is the built folder out/PartooKeys (build first: ./build.ps1 -Task Test does).
    - The SecretManagement test double (tests/PartooKeys.Tests/TestModules) is first on PSModulePath; it
      starts with one default vault 'TestVault'. The session connects with -ApiKey (no vault involved).
    - The simulator starts with the 16-key standard seed (ids 1001..1016, see SeedData.cs) and its rate
      limit OFF; Start-PartooStory -SimulatorArguments '--keys', '250' (or '--demo') changes the seed.
      Start-PartooStory -MaxRequestsPerMinute 300 turns Partoo's limit on (the stories that page or write in bulk):
      AfterEach { Get-SimRateLimited | Should -Be 0 } then says the module kept within it. The simulator's window is
      one for every process (child shells, jobs) while each process has its own budget: keep a story's requests in any
      minute under the limit, or the module waits and the story slows down.
    - Every It must pass alone and in any order: Reset-Simulator in BeforeEach when a story changes keys,
      knobs or faults; Connect-PartooSimulator again when a story reconnects or disconnects.
    - Never Start-Sleep or time things to synchronise; read the simulator's log (Get-SimRequests) instead.
    - Host-only output (-WhatIf text, Format-Table at a prompt) is read with Invoke-PartooChildShell.
    - A second organisation: $other = Start-PartooSimulator -Arguments '--max-requests-per-minute', '0', '--keys', '12', '--first-id', '5001';
      the control functions take -Simulator $other (default: the story's); Stop-PartooSimulator $other in AfterAll.

    Functions: Start-PartooStory, Stop-PartooStory, Connect-PartooSimulator, Get-PartooSimulator,
    Get-SimApiKey, Get-SimRequests, Wait-SimRequests, Get-SimRateLimited, Resume-SimHang, Clear-SimRequests, Reset-Simulator, Get-SimKnob, Set-SimKnob,
    Add-SimFault, Clear-SimFaults, Get-SimKey, Set-SimKey, Invoke-PartooChildShell, Get-PartooRepositoryRoot.
#>

Set-StrictMode -Version 3.0
$script:Simulator = $null
$script:Root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

function Get-PartooRepositoryRoot { $script:Root }

function Get-SimulatorDll {
    $candidates = @(Get-ChildItem -Path (Join-Path $script:Root 'tests/PartooKeys.Simulator/bin') -Recurse -Filter 'PartooKeys.Simulator.dll' -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -like 'net*' } | Sort-Object LastWriteTimeUtc -Descending)
    if ($candidates.Count -eq 0) {
        throw "The simulator is not built. Run: dotnet build tests/PartooKeys.Simulator -c Release (./build.ps1 -Task Test builds it)."
    }
    $candidates[0].FullName
}

function Get-DotnetPath {
    if ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    $command = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) { throw 'dotnet (the .NET SDK or runtime) was not found on PATH; the simulator needs it.' }
    $command.Source
}

<#
.SYNOPSIS
    Starts the simulator as its own process and returns its address; it stops when Stop-PartooSimulator closes its stdin.
#>
function Start-PartooSimulator {
    [CmdletBinding()]
    param([string[]] $Arguments = @('--max-requests-per-minute', '0'))
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = Get-DotnetPath
    $quoted = @(Get-SimulatorDll) + $Arguments | ForEach-Object { if ($_ -match '\s') { '"' + $_ + '"' } else { $_ } }
    $info.Arguments = $quoted -join ' '
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.CreateNoWindow = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or -not $line.Result) {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The simulator did not start ($($info.FileName) $($info.Arguments))."
    }
    $ready = $line.Result | ConvertFrom-Json
    [pscustomobject]@{
        Process    = $process
        BaseUri    = [uri] $ready.baseUri
        ControlUri = [uri] $ready.controlUri
        ApiKey     = $ready.apiKey
        KeyCount   = $ready.keys
    }
}

function Stop-PartooSimulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Simulator)
    $process = $Simulator.Process
    if ($process.HasExited) { return }
    $process.StandardInput.Close()
    if (-not $process.WaitForExit(10000)) { $process.Kill() }
    $process.Dispose()
}

<#
.SYNOPSIS
    For a story file's BeforeAll: the test double first on PSModulePath, out/PartooKeys imported, a simulator started, connected.
#>
function Start-PartooStory {
    [CmdletBinding()]
    param([string[]] $SimulatorArguments = @(), [hashtable] $ConnectParameters = @{}, [int] $MaxRequestsPerMinute = 0)
    $testModules = Join-Path $script:Root 'tests/PartooKeys.Tests/TestModules'
    if (-not ($env:PSModulePath -split [IO.Path]::PathSeparator -contains $testModules)) {
        $env:PSModulePath = $testModules + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    $manifest = Join-Path $script:Root 'out/PartooKeys/PartooKeys.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "out/PartooKeys is not built. Run: dotnet build src/PartooKeys -c Release" }
    Import-Module $manifest -Force -Global -ErrorAction Stop
    if ($script:Simulator) { Stop-PartooSimulator $script:Simulator }
    $arguments = @('--max-requests-per-minute', "$MaxRequestsPerMinute") + $SimulatorArguments
    $script:Simulator = Start-PartooSimulator -Arguments $arguments
    Connect-PartooSimulator @ConnectParameters
}

function Stop-PartooStory {
    [CmdletBinding()]
    param()
    if (Get-Command Disconnect-Partoo -ErrorAction SilentlyContinue) { Disconnect-Partoo -ErrorAction SilentlyContinue }
    if ($script:Simulator) { Stop-PartooSimulator $script:Simulator; $script:Simulator = $null }
}

function Get-PartooSimulator {
    if (-not $script:Simulator) { throw 'No simulator: call Start-PartooStory in BeforeAll.' }
    $script:Simulator
}

<# The simulator's caller key as a SecureString (what -ApiKey and vaults take). #>
function Get-SimApiKey {
    (New-Object System.Net.NetworkCredential('', (Get-PartooSimulator).ApiKey)).SecurePassword
}

<# Connects this session to the simulator with -ApiKey; extra Connect-Partoo parameters win. #>
function Connect-PartooSimulator {
    [CmdletBinding()]
    param([hashtable] $Parameters = @{})
    $arguments = @{ BaseUri = (Get-PartooSimulator).BaseUri; ApiKey = (Get-SimApiKey) }
    foreach ($name in $Parameters.Keys) { $arguments[$name] = $Parameters[$name] }
    Connect-Partoo @arguments -ErrorAction Stop
}

function Invoke-SimControl {
    param([string] $Method, [string] $Route, $Body, $Simulator = (Get-PartooSimulator))
    $uri = [uri]::new($Simulator.ControlUri, $Route)
    $request = @{ Uri = $uri; Method = $Method; ErrorAction = 'Stop' }
    if ($null -ne $Body) { $request.Body = ($Body | ConvertTo-Json -Depth 10 -Compress); $request.ContentType = 'application/json' }
    $answer = Invoke-RestMethod @request
    # Windows PowerShell returns a JSON array as one object: enumerate it in both editions.
    $answer | ForEach-Object { $_ }
}

<# The requests Partoo received since the last clear: Method, Path, Query, QueryValues, Status, Body (never the key header). #>
function Get-SimRequests {
    [CmdletBinding()]
    param([string] $Method, [string] $PathLike, $Simulator = (Get-PartooSimulator))
    Invoke-SimControl GET 'requests' -Simulator $Simulator | Where-Object {
        (-not $Method -or $_.Method -eq $Method) -and (-not $PathLike -or $_.Path -like $PathLike)
    }
}

<#
    Waits for an event of the simulator, not for time: returns when -Count requests matching -Method and -PathContains
    (ordinal substring of path + query) arrived, or with -Answered were answered or ended. Throws after 30 s (a failing test only).
#>
function Wait-SimRequests {
    [CmdletBinding()]
    param([string] $Method, [string] $PathContains, [int] $Count = 1, [switch] $Answered, $Simulator = (Get-PartooSimulator))
    $wait = @{ Count = $Count; Answered = [bool] $Answered }
    if ($Method) { $wait.Method = $Method }
    if ($PathContains) { $wait.PathContains = $PathContains }
    $null = Invoke-SimControl POST 'wait' $wait -Simulator $Simulator
}

<# How many requests the simulator's rate limit answered 429 since the last Reset-Simulator (faults not counted; Clear-SimRequests keeps it). #>
function Get-SimRateLimited { param($Simulator = (Get-PartooSimulator)) (Invoke-SimControl GET 'rate' -Simulator $Simulator).refused }

<# Answers, as Partoo would, every request a Hang fault holds now. #>
function Resume-SimHang { param($Simulator = (Get-PartooSimulator)) $null = Invoke-SimControl POST 'release' -Simulator $Simulator }

function Clear-SimRequests { param($Simulator = (Get-PartooSimulator)) $null = Invoke-SimControl DELETE 'requests' -Simulator $Simulator }

<# Keys back to the seed, request log cleared, rate window reset, knobs and faults back to their start values. #>
function Reset-Simulator { param($Simulator = (Get-PartooSimulator)) $null = Invoke-SimControl POST 'reset' -Simulator $Simulator }

<# Every knob of SimulatorKnobs, or one by name. #>
function Get-SimKnob {
    param([string] $Name, $Simulator = (Get-PartooSimulator))
    $knobs = Invoke-SimControl GET 'knobs' -Simulator $Simulator
    if ($Name) { $knobs.$Name } else { $knobs }
}

<# Sets knobs of SimulatorKnobs by name: Set-SimKnob ZeroBasedPages $true, or Set-SimKnob @{ Latency = 50 } (a TimeSpan takes ms). #>
function Set-SimKnob {
    [CmdletBinding(DefaultParameterSetName = 'One')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'One')][string] $Name,
        [Parameter(Mandatory, Position = 1, ParameterSetName = 'One')][AllowNull()] $Value,
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Many')][hashtable] $Knobs,
        $Simulator = (Get-PartooSimulator)
    )
    if ($PSCmdlet.ParameterSetName -eq 'One') { $Knobs = @{ $Name = $Value } }
    $null = Invoke-SimControl PATCH 'knobs' $Knobs -Simulator $Simulator
}

<# Adds a fault rule: Add-SimFault @{ Kind = 'Html503'; MaxTimes = 1; PathContains = 'page=2' } (see Faults.cs). #>
function Add-SimFault {
    param([Parameter(Mandatory)][hashtable] $Rule, $Simulator = (Get-PartooSimulator))
    Invoke-SimControl POST 'faults' $Rule -Simulator $Simulator
}

function Clear-SimFaults { param($Simulator = (Get-PartooSimulator)) $null = Invoke-SimControl DELETE 'faults' -Simulator $Simulator }

<# The server-side record of a key (Secret included), or every key. #>
function Get-SimKey {
    param([int] $Id, $Simulator = (Get-PartooSimulator))
    if ($Id) { Invoke-SimControl GET "keys/$Id" -Simulator $Simulator } else { Invoke-SimControl GET 'keys' -Simulator $Simulator }
}

<# Changes the server-side record of a key: Set-SimKey 1002 @{ LastUsedAt = $null }. #>
function Set-SimKey {
    param([Parameter(Mandatory)][int] $Id, [Parameter(Mandatory)][hashtable] $Properties, $Simulator = (Get-PartooSimulator))
    Invoke-SimControl PATCH "keys/$Id" $Properties -Simulator $Simulator
}

<#
.SYNOPSIS
    Runs a script in a child shell of the same edition (pwsh or powershell.exe) with out/PartooKeys imported
    and connected to the simulator; returns what it printed (host output included: -WhatIf, Format-Table).
    -Environment @{ TZ = 'Pacific/Kiritimati' } sets environment variables for the child only.
#>
function Invoke-PartooChildShell {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Script, [switch] $NoConnect, [hashtable] $Environment = @{})
    $simulator = Get-PartooSimulator
    $manifest = Join-Path $script:Root 'out/PartooKeys/PartooKeys.psd1'
    $preamble = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'; " +
        "if (Get-Variable PSStyle -ErrorAction SilentlyContinue) { `$PSStyle.OutputRendering = 'PlainText' }; Import-Module '$manifest'; "
    if (-not $NoConnect) {
        $preamble += "Connect-Partoo -BaseUri '$($simulator.BaseUri)' -ApiKey (New-Object System.Net.NetworkCredential('', '$($simulator.ApiKey)')).SecurePassword; "
    }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($preamble + $Script))
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $prefix = @()
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { $prefix = @([Environment]::GetCommandLineArgs()[0]) }
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [string] $Environment[$name])
    }
    try { $output = & $self @prefix -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded 2>&1 }
    finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } } # the child has its copy
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = (($output | ForEach-Object { "$_" }) -join [Environment]::NewLine) }
}

Export-ModuleMember -Function Start-PartooStory, Stop-PartooStory, Connect-PartooSimulator, Get-PartooSimulator, Get-SimApiKey,
    Get-SimRequests, Wait-SimRequests, Get-SimRateLimited, Resume-SimHang, Clear-SimRequests, Reset-Simulator, Get-SimKnob, Set-SimKnob, Add-SimFault, Clear-SimFaults, Get-SimKey,
    Set-SimKey, Invoke-PartooChildShell, Get-PartooRepositoryRoot, Start-PartooSimulator, Stop-PartooSimulator
