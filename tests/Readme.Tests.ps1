<#
    Every ```powershell block of README.md runs as written, so the README cannot drift. Each block runs after
    the blocks above it (a reader follows the page top to bottom), in a fresh state, so each It stands alone.
    A block whose paragraph mentions PARTOO_VAULT runs as a runbook: a new session with nothing connected
    (the vault as the blocks above left it, the simulator's keys back to the seed).

    Substitutions (this machine has no PowerShell Gallery, no real vault and no Partoo account):
    - Install-Module is a Pester Mock (asserted to be called with the README's module names).
    - Read-Host -AsSecureString is a Mock that answers the simulator's key, as a user would paste it.
    - Partoo's address: $PSDefaultParameterValues['Connect-Partoo:BaseUri'] and $env:PARTOO_BASE_URI point
      at the simulator (the README documents both for other addresses).
    - Register-SecretVault / Set-Secret / Get-Secret are the SecretManagement test double (in memory).
    - $env:TEMP and the working directory are Pester's TestDrive; out/ is on PSModulePath for Import-Module.
    - The simulator answers a create with the new secret (IncludeSecretInCreateAnswer), as the rotation
      example expects; without it, -WarningAction Stop stops before the revocation (its own It below).
    Only ```powershell blocks run: write a block that must not run as ```text.
#>

BeforeDiscovery {
    $readme = Get-Content -Raw -Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'README.md')
    $script:Blocks = @()
    $index = 0
    $pattern = '(?ms)^(?<prose>(?:(?!^```).)*?)^```powershell\r?\n(?<code>.*?)^```'
    foreach ($match in [regex]::Matches($readme, $pattern)) {
        $index++
        $first = ($match.Groups['code'].Value -split '\r?\n' | Where-Object { $_ -and $_ -notmatch '^\s*#' } | Select-Object -First 1)
        $script:Blocks += @{
            Index   = $index
            Title   = "block $index ($($first.Trim()))"
            Code    = $match.Groups['code'].Value
            Runbook = $match.Groups['prose'].Value -match 'PARTOO_VAULT'
            TwoOrganisations = $match.Groups['code'].Value -match 'PartooOrgB'
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
    $script:AllBlocks = $Blocks
    $outFolder = Join-Path (Get-PartooRepositoryRoot) 'out'
    if (-not ($env:PSModulePath -split [IO.Path]::PathSeparator -contains $outFolder)) {
        $env:PSModulePath = $outFolder + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    if (-not (Get-Command Install-Module -ErrorAction SilentlyContinue)) {
        function global:Install-Module { param([Parameter(Position = 0)][string[]] $Name, [string] $Scope) }
    }

    # Returns what the block showed (output and host text).
    function Invoke-ReadmeBlock([hashtable] $Block) {
        & ([scriptblock]::Create($Block.Code)) 6>&1 | Out-String -Width 250
    }

    function Initialize-ReadmeState {
        Reset-Simulator
        Set-SimKnob IncludeSecretInCreateAnswer $true
        Disconnect-Partoo
        Clear-TestSecretVault -NoDefaultVault
        $PSDefaultParameterValues['Connect-Partoo:BaseUri'] = (Get-PartooSimulator).BaseUri
    }
}

AfterAll {
    $PSDefaultParameterValues.Remove('Connect-Partoo:BaseUri')
    Remove-Item Env:PARTOO_VAULT, Env:PARTOO_BASE_URI -ErrorAction SilentlyContinue
    Clear-TestSecretVault
    Stop-PartooStory
}

Describe 'README.md' {
    BeforeEach {
        Mock Install-Module { }
        Mock Read-Host { (New-Object System.Net.NetworkCredential('', (Get-PartooSimulator).ApiKey)).SecurePassword } -ParameterFilter { $AsSecureString }
        $savedTemp = $env:TEMP
        $env:TEMP = "$TestDrive"
        Push-Location -LiteralPath $TestDrive
        Initialize-ReadmeState
    }

    AfterEach {
        Pop-Location
        $env:TEMP = $savedTemp
        Remove-Item Env:PARTOO_VAULT, Env:PARTOO_BASE_URI -ErrorAction SilentlyContinue
    }

    It 'has runnable PowerShell blocks' {
        $AllBlocks.Count | Should -BeGreaterOrEqual 4
    }

    It 'runs <Title> as written' -ForEach @($Blocks | Where-Object { -not $_.TwoOrganisations }) {
        $ErrorActionPreference = 'Stop'
        foreach ($earlier in @($AllBlocks | Where-Object { $_.Index -lt $Index -and -not $_.Runbook })) { $null = Invoke-ReadmeBlock $earlier }
        if ($Runbook) {
            # Another day, another session: the server's keys as seeded, the vault as the blocks above left it.
            Reset-Simulator
            Disconnect-Partoo
            $env:PARTOO_VAULT = 'PartooVault'
            $env:PARTOO_BASE_URI = "$((Get-PartooSimulator).BaseUri)"
        }
        Clear-SimRequests
        $shown = Invoke-ReadmeBlock @{ Code = $Code }

        # What each block promises, checked where it says so.
        if ($Code -match 'Install-Module') {
            Should -Invoke Install-Module -Times 1 -Exactly -ParameterFilter { $Name -contains 'Microsoft.PowerShell.SecretManagement' -and $Name -contains 'Microsoft.PowerShell.SecretStore' }
            (Get-SecretVault -Name PartooVault).IsDefault | Should -BeTrue
            Get-Module PartooKeys | Should -Not -BeNullOrEmpty
        }
        if ($Code -match 'expired-bot-keys\.csv') {
            $rows = @(Import-Csv (Join-Path $TestDrive 'expired-bot-keys.csv'))
            $rows.Id | Should -Be @('1006')
            (Get-PartooConnection).Vault | Should -Be 'PartooVault'
            $shown | Should -Match 'CRM sync' -Because '1001, 1002 | Get-PartooApiKey shows both keys'
        }
        if ($Code -match 'SecretName CrmSyncKey') {
            (Get-SimKey -Id 1002).Disabled | Should -BeTrue
            $successor = Get-SimKey | Where-Object { $_.Label -eq 'CRM sync' -and -not $_.Disabled }
            $successor | Should -HaveCount 1
            $successor.Permissions | Should -Be @('business_edit', 'business_edit_hours', 'review_read')
            $successor.IpWhitelist | Should -Be @('198.51.100.0/24')
            $shown.Contains($successor.Secret) | Should -BeFalse -Because 'the new secret goes into the vault, never to the screen'
            (Get-Secret -Name CrmSyncKey -Vault PartooVault -AsPlainText) | Should -BeExactly $successor.Secret
            (Get-SimKey -Id 1006).Disabled | Should -BeTrue
            (Get-SimKey -Id 1007).Disabled | Should -BeTrue
        }
        if ($Runbook) {
            (Get-PartooConnection).Vault | Should -Be 'PartooVault'
            @(Import-Csv (Join-Path $TestDrive 'expired.csv')).Id | Should -Be @('1006', '1007')
        }
        @(Get-SimRequests | Where-Object { $_.Status -ge 400 }) | Should -HaveCount 0
    }

    It 'runs the two-organisations block against two organisations: each connection reaches only its own' {
        $block = @($AllBlocks | Where-Object TwoOrganisations)
        $block | Should -HaveCount 1
        foreach ($earlier in @($AllBlocks | Where-Object { $_.Index -lt $block[0].Index -and -not $_.Runbook })) { $null = Invoke-ReadmeBlock $earlier }
        $simB = Start-PartooSimulator -Arguments '--max-requests-per-minute', '0', '--keys', '12', '--first-id', '5001'
        $savedDefault = $PSDefaultParameterValues['Connect-Partoo:BaseUri']
        try {
            # Partoo has one address for every organisation; here each organisation is its own simulator, so the
            # address follows the secret the README's Connect-Partoo names (the key pasted for it decides the organisation).
            $script:OrgBSimulator = $simB
            $PSDefaultParameterValues['Connect-Partoo:BaseUri'] = {
                if ((Get-PSCallStack)[1].Position.Text -match 'PartooOrgB') { $script:OrgBSimulator.BaseUri } else { (Get-PartooSimulator).BaseUri }
            }
            Mock Read-Host { (New-Object System.Net.NetworkCredential('', $script:OrgBSimulator.ApiKey)).SecurePassword } -ParameterFilter { $AsSecureString -and $Prompt -match 'Organisation B' }
            Clear-SimRequests
            Clear-SimRequests -Simulator $simB

            $findings = @(. ([scriptblock]::Create($block[0].Code)))

            $ofA = @($findings | Where-Object { $_.KeyId -ge 1001 -and $_.KeyId -le 1016 })
            $ofB = @($findings | Where-Object { $_.KeyId -ge 5001 -and $_.KeyId -le 5012 })
            $ofA.Count | Should -BeGreaterThan 0 -Because 'organisation A has findings'
            $ofB.Count | Should -BeGreaterThan 0 -Because 'organisation B has findings'
            ($ofA.Count + $ofB.Count) | Should -Be $findings.Count -Because 'every finding is of a key of A or of B'
            @(Get-SimRequests -Method GET -PathLike '/v2/api_keys') | Should -Not -BeNullOrEmpty
            @(Get-SimRequests -Method GET -PathLike '/v2/api_keys' -Simulator $simB) | Should -Not -BeNullOrEmpty
            # Disconnect-Partoo -Connection $orgB closed that one only.
            (Get-PartooApiKey -Id 1002 -Connection $orgA).Id | Should -Be 1002
            { Get-PartooApiKey -Id 5001 -Connection $orgB -ErrorAction Stop } | Should -Throw
            @(Get-SimRequests | Where-Object { $_.Status -ge 400 }) | Should -HaveCount 0
            @(Get-SimRequests -Simulator $simB | Where-Object { $_.Status -ge 400 }) | Should -HaveCount 0
        }
        finally {
            $PSDefaultParameterValues['Connect-Partoo:BaseUri'] = $savedDefault
            Stop-PartooSimulator $simB
        }
    }

    It 'the rotation stops before revoking when Partoo''s answer carries no secret' {
        $rotation = @($AllBlocks | Where-Object { $_.Code -match 'SecretName CrmSyncKey' })
        $rotation | Should -HaveCount 1
        foreach ($earlier in @($AllBlocks | Where-Object { $_.Index -lt $rotation[0].Index -and -not $_.Runbook })) { Invoke-ReadmeBlock $earlier }
        Set-SimKnob IncludeSecretInCreateAnswer $false
        { Invoke-ReadmeBlock $rotation[0] } | Should -Throw
        (Get-SimKey -Id 1002).Disabled | Should -BeFalse
        @(Get-SimRequests -Method POST -PathLike '/v2/api_keys/revoke/*') | Should -HaveCount 0
    }
}
