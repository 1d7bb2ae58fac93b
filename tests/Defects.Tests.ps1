#Requires -Version 5.1
# Stories for issue 10's defects, in a real shell: a stopped create never loses a secret, IP entries with
# leading zeros are refused before anything is sent, and every error's TargetObject follows one rule.

Describe 'Issue 10 defects' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
        Start-PartooStory
    }
    AfterAll { Stop-PartooStory }
    BeforeEach {
        Reset-Simulator
        Get-SecretInfo -Name DefectsRotated -ErrorAction SilentlyContinue | ForEach-Object { Remove-Secret -Name $_.Name -Vault $_.VaultName }
    }

    Describe 'A stopped New-PartooApiKey never leaves a key whose secret is lost' {
        It 'stops at the rate-limit warning with -WarningAction Stop, waits for the retry in flight, and stores its secret' {
            Set-SimKnob IncludeSecretInCreateAnswer $true
            $null = Add-SimFault @{ Kind = 'RateLimit429'; Method = 'POST'; MaxTimes = 1; RetryAfterSeconds = 0 }
            # The retry is certainly in flight at the stop: the simulator holds it until this test releases it.
            $null = Add-SimFault @{ Kind = 'Hang'; Method = 'POST' }

            $shell = [powershell]::Create()
            $null = $shell.AddScript({
                param($Manifest, $BaseUri, $ApiKey)
                Import-Module $Manifest
                Connect-Partoo -BaseUri $BaseUri -ApiKey $ApiKey
                $stopped = $null
                try { $null = New-PartooApiKey -Label 'Defects rotated' -SecretName DefectsRotated -WarningAction Stop } catch { $stopped = $_ }
                [pscustomobject]@{ Stopped = $stopped; Stored = (Get-Secret -Name DefectsRotated -AsPlainText -ErrorAction SilentlyContinue) }
            }).AddArgument((Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys/PartooKeys.psd1')).AddArgument((Get-PartooSimulator).BaseUri).AddArgument((Get-SimApiKey))
            $invocation = $shell.BeginInvoke()
            try {
                Wait-SimRequests -Method POST -Count 2
                Resume-SimHang
                $outcome = @($shell.EndInvoke($invocation))
            }
            finally { $shell.Dispose() }

            $outcome | Should -HaveCount 1
            $outcome[0].Stopped | Should -Not -BeNullOrEmpty -Because 'the warning stops the command'
            # The command ended with its requests: every POST was answered, and what Partoo holds now is final.
            @(Get-SimRequests -Method POST | Where-Object Status -eq 0) | Should -HaveCount 0
            $created = @(Get-SimKey | Where-Object Label -eq 'Defects rotated')
            $created | Should -HaveCount 1 -Because 'the create in flight was sent once and not abandoned'
            ($outcome[0].Stored -ceq $created[0].Secret) | Should -BeTrue -Because 'a created key must have its secret in the vault'
        }

        It 'cancels a retry that was not sent yet: one POST, no key, no 30 s wait for the Retry-After' {
            $null = Add-SimFault @{ Kind = 'RateLimit429'; Method = 'POST'; MaxTimes = 1; RetryAfterSeconds = 30 }

            { New-PartooApiKey -Label 'Defects rotated' -SecretName DefectsRotated -WarningAction Stop } | Should -Throw

            @(Get-SimRequests -Method POST) | Should -HaveCount 1
            @(Get-SimKey | Where-Object Label -eq 'Defects rotated') | Should -HaveCount 0
        }
    }

    Describe 'IP entries with leading zeros' {
        It 'refuses <Entry> with NewPartooApiKeyInvalidIpWhitelist and sends nothing' -ForEach @(
            @{ Entry = '010.0.0.1' }, @{ Entry = '09.0.0.1' }, @{ Entry = '1.2.3.04' }, @{ Entry = '::ffff:010.0.0.1' }, @{ Entry = '10.0.0.0/024' }
        ) {
            $refused = $null
            try { New-PartooApiKey -Label 'Zeros' -IpWhitelist $Entry -ErrorAction Stop } catch { $refused = $_ }

            $refused.FullyQualifiedErrorId | Should -BeLike 'NewPartooApiKeyInvalidIpWhitelist,*'
            $refused.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused.TargetObject | Should -Be $Entry
            @(Get-SimRequests) | Should -HaveCount 0
        }

        It 'refuses them in Set-PartooApiKey -AddIpWhitelist too, before reading the key' {
            { Set-PartooApiKey -Id 1001 -AddIpWhitelist '010.0.0.1' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetPartooApiKeyInvalidIpWhitelist*'
            @(Get-SimRequests) | Should -HaveCount 0
        }

        It 'still sends IPv6, IPv4-mapped IPv6 and CIDR forms as typed' {
            $key = New-PartooApiKey -Label 'Ranges' -IpWhitelist '2001:db8::/32', '::ffff:10.0.0.1', '10.0.0.0/8', '0.0.0.0/0'
            $key.IpWhitelist | Should -Be @('2001:db8::/32', '::ffff:10.0.0.1', '10.0.0.0/8', '0.0.0.0/0')
            (Get-SimRequests -Method POST).Body | ConvertFrom-Json | ForEach-Object ip_whitelist | Should -Be @('2001:db8::/32', '::ffff:10.0.0.1', '10.0.0.0/8', '0.0.0.0/0')
        }
    }

    Describe 'Every error names its target by one rule' {
        It 'names a key that could not be read by its id' {
            $null = Set-PartooApiKey -Id 4242 -Label 'x' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
            $failed[0].TargetObject | Should -Be 4242
            $failed[0].TargetObject | Should -BeOfType [int]
        }

        It 'names a piped key by the key itself' {
            $null = Add-SimFault @{ Kind = 'EmptyBody500'; PathContains = '/revoke/' }
            $null = Get-PartooApiKey -Id 1001 | Revoke-PartooApiKey -Force -ErrorAction SilentlyContinue -ErrorVariable failed
            $failed[0].TargetObject | Should -BeOfType [PartooKeys.ApiKey]
            $failed[0].TargetObject.Id | Should -Be 1001
        }

        It 'names a create that failed by its label' {
            $null = Add-SimFault @{ Kind = 'EmptyBody500'; Method = 'POST' }
            $failed = $null
            try { New-PartooApiKey -Label 'CRM sync' -ErrorAction Stop } catch { $failed = $_ }
            $failed.TargetObject | Should -Be 'CRM sync'
        }
    }
}
