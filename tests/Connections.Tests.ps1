<#
    Connections for automation (issue 13), in the real pwsh: a connection object passed to parallel
    runspaces and thread jobs, vault reads serialised, two organisations, -Credential, PARTOO_API_KEY.
    Partoo's rate limit is on (300 a minute) on both organisations: runspaces and jobs of this process share one
    budget, a child shell has its own, the simulator one window; the file makes well under 100 requests, and no
    It may meet a 429 from the limit.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory -SimulatorArguments '--keys', '250' -MaxRequestsPerMinute 300
    $script:Manifest = (Get-Module PartooKeys).Path
    $script:TestModules = Join-Path (Get-PartooRepositoryRoot) 'tests/PartooKeys.Tests/TestModules'
}

AfterAll { Stop-PartooStory }

Describe 'One connection in parallel runspaces' {
    AfterEach { Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute" }
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
        $script:partoo = Get-PartooConnection
    }

    It 'lists every key exactly in each ForEach-Object -Parallel runspace with -Connection $using:' {
        $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            $ids = (Get-PartooApiKey -Connection $using:partoo).Id
            [pscustomobject]@{ Count = $ids.Count; Distinct = @($ids | Sort-Object -Unique).Count }
        }
        $counts | Should -HaveCount 4
        $counts | ForEach-Object { $_.Count | Should -Be 250; $_.Distinct | Should -Be 250 }
    }

    It 'lists every key exactly in Start-ThreadJob jobs with -Connection $using:' {
        $jobs = 1..3 | ForEach-Object { Start-ThreadJob { Import-Module $using:Manifest; @(Get-PartooApiKey -Connection $using:partoo).Count } }
        $jobs | Wait-Job | Receive-Job | Should -Be @(250, 250, 250)
        $jobs | Remove-Job
    }

    It 'tells a parallel runspace without a connection how to pass one, and sends nothing' {
        Clear-SimRequests
        $errors = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:Manifest
            try { Get-PartooApiKey -First 1 -ErrorAction Stop } catch { $_ }
        }
        $errors | Should -HaveCount 2
        $errors | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyNotConnected*'
            $_.ErrorDetails.RecommendedAction | Should -BeLike '*-Connection $using:*'
        }
        @(Get-SimRequests) | Should -HaveCount 0
    }

    It 'refuses a connection that lost its client through Export-Clixml / Import-Clixml' {
        $file = Join-Path $TestDrive 'connection.xml'
        $partoo | Export-Clixml -Path $file
        Clear-SimRequests
        { Get-PartooApiKey -First 1 -Connection (Import-Clixml -Path $file) -ErrorAction Stop } | Should -Throw -ExpectedMessage '*deserialized*'
        @(Get-SimRequests) | Should -HaveCount 0
    }
}

Describe 'Vault reads serialised' {
    AfterEach { Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute" }
    BeforeAll {
        # Every runspace of this process shares one store of the SecretManagement double, which,
        # like the real module, fails when two threads call it at once.
        $env:TEST_SECRETMANAGEMENT_STORE = 'connections-story'
        Import-Module Microsoft.PowerShell.SecretManagement
        Use-TestSecretStore -Name 'connections-story'
        Set-Secret -Name PartooApiKey -Secret (Get-SimApiKey)
    }
    AfterAll { Remove-Item Env:TEST_SECRETMANAGEMENT_STORE -ErrorAction SilentlyContinue }

    It 'connects eight thread jobs from one vault at the same moment' {
        $uri = (Get-PartooSimulator).BaseUri
        $jobs = 1..8 | ForEach-Object {
            Start-ThreadJob -ThrottleLimit 8 {
                Import-Module $using:Manifest
                $connection = Connect-Partoo -BaseUri $using:uri -PassThru -ErrorAction Stop
                "$($connection.KeySource):$((Get-PartooApiKey -Id 1001).Id)"
            }
        }
        $results = $jobs | Wait-Job | Receive-Job -ErrorVariable failures -ErrorAction SilentlyContinue
        $jobs | Remove-Job
        $failures | Should -BeNullOrEmpty
        $results | Should -Be (@('SecretManagement:1001') * 8)
    }
}

Describe 'Two organisations side by side' {
    AfterEach { Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute" }
    BeforeAll {
        $script:other = Start-PartooSimulator -Arguments '--max-requests-per-minute', '300', '--keys', '40'
    }
    AfterAll { Stop-PartooSimulator $other }

    It 'keeps each organisation on its own address and key, and closes one only' {
        Reset-Simulator
        $orgA = Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -PassThru
        $orgB = Connect-Partoo -BaseUri $other.BaseUri -ApiKey ([System.Net.NetworkCredential]::new('', $other.ApiKey).SecurePassword) -PassThru
        @(Get-PartooApiKey -Connection $orgA).Count | Should -Be 250
        @(Get-PartooApiKey -Connection $orgB).Count | Should -Be 40
        Disconnect-Partoo -Connection $orgB
        $orgB.IsConnected | Should -BeFalse
        @(Get-PartooApiKey -Connection $orgA -First 3).Count | Should -Be 3
        { Get-PartooApiKey -Connection $orgB -First 1 -ErrorAction Stop } | Should -Throw -ErrorId 'GetPartooApiKeyConnectionClosed*'
        Get-SimRateLimited -Simulator $other | Should -Be 0
    }
}

Describe 'Unattended key sources' {
    AfterEach { Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute" }
    It 'connects with -Credential, the password being the key' {
        Reset-Simulator
        $credential = [pscredential]::new('automation', (Get-SimApiKey))
        $connection = Connect-Partoo -Credential $credential -BaseUri (Get-PartooSimulator).BaseUri -PassThru
        $connection.KeySource | Should -Be 'CredentialParameter'
        (Get-PartooApiKey -Id 1001).Id | Should -Be 1001
    }

    It 'refuses a credential with an empty password and sends nothing' {
        Clear-SimRequests
        $empty = [pscredential]::new('automation', [System.Net.NetworkCredential]::new('', ' ').SecurePassword)
        { Connect-Partoo -Credential $empty -BaseUri (Get-PartooSimulator).BaseUri -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectPartooCredentialEmpty*'
        @(Get-SimRequests) | Should -HaveCount 0
    }

    It 'connects from PARTOO_API_KEY in a CI-style shell, never showing it' {
        $simulator = Get-PartooSimulator
        $run = Invoke-PartooChildShell -NoConnect -Script @"
`$env:PARTOO_API_KEY = '$($simulator.ApiKey)'
`$env:PARTOO_BASE_URI = '$($simulator.BaseUri)'
Remove-Variable -Name simulator -ErrorAction SilentlyContinue
'id:' + (Get-PartooApiKey -Id 1001 -Verbose 4>&1 | Where-Object { `$_ -is [PartooKeys.ApiKey] }).Id
'source:' + (Get-PartooConnection).KeySource
Get-PartooConnection | Format-List | Out-String
"@
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'id:1001'
        $run.Text | Should -Match 'source:EnvironmentVariable'
        ($run.Text -split "`n" | Where-Object { $_ -notmatch 'PARTOO_API_KEY' }) -join "`n" | Should -Not -Match ([regex]::Escape($simulator.ApiKey))
    }

    It 'refuses an empty PARTOO_API_KEY with a clear error' {
        $run = Invoke-PartooChildShell -NoConnect -Script @"
`$env:PARTOO_API_KEY = ' '
try { Get-PartooApiKey -First 1 } catch { 'id:' + `$_.FullyQualifiedErrorId; 'message:' + `$_.Exception.Message }
"@
        $run.Text | Should -Match 'id:GetPartooApiKeyInvalidEnvironmentVariable'
        $run.Text | Should -Match 'PARTOO_API_KEY is set but empty'
    }
}
