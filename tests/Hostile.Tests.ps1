# A hostile or broken server: a redirect, answers that echo the key, an endless body, plain http.
# The key must stay home and out of every stream, $Error, Get-Error and the transcript.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
    # Another host: a second simulator whose log shows whether anything reached it.
    $script:Thief = Start-PartooSimulator
    function Get-ThiefRequests { @(Invoke-RestMethod -Uri ([uri]::new($script:Thief.ControlUri, 'requests')) | ForEach-Object { $_ }) }
    $script:Key = (Get-PartooSimulator).ApiKey
}
AfterAll {
    if ($script:Thief) { Stop-PartooSimulator $script:Thief }
    Stop-PartooStory
}
Describe 'A hostile server' {
    BeforeEach {
        Reset-Simulator
        $null = Invoke-RestMethod -Method Delete -Uri ([uri]::new($script:Thief.ControlUri, 'requests'))
        Connect-PartooSimulator -Parameters @{ MaxRetryAttempts = 0 }
    }

    Describe 'A redirect' {
        It 'is an error naming where it pointed, and nothing reaches that host (<_>)' -ForEach 'Redirect307', 'Redirect301' {
            Add-SimFault @{ Kind = $_; Location = "$($script:Thief.BaseUri)api_keys?page=1" }
            $keys = $null
            $failure = try { $keys = Get-PartooApiKey -First 1 -ErrorAction Stop } catch { $_ }
            $keys | Should -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyRedirected*'
            $failure.CategoryInfo.Category | Should -Be 'SecurityError'
            "$failure" | Should -BeLike "*$($script:Thief.BaseUri)api_keys?***; PartooKeys does not follow redirects, so nothing was sent there*"
            Get-ThiefRequests | Should -HaveCount 0
        }
    }

    Describe 'An answer that echoes the key' {
        It 'never shows the key in any stream, $Error, Get-Error or the transcript (<_>)' -ForEach 'EchoKey401', 'HeaderDump502' {
            Add-SimFault @{ Kind = $_ }
            $transcript = Join-Path ([IO.Path]::GetTempPath()) "partoo-hostile-$PID.txt"
            $Error.Clear()
            Start-Transcript -LiteralPath $transcript -Force | Out-Null
            try {
                $all = & { try { Get-PartooApiKey -Id 1001 -Verbose -Debug } catch { $_ } } *>&1 | Out-String
                $details = Get-Error | Out-String
            }
            finally { Stop-Transcript | Out-Null }
            $text = Get-Content -Raw -LiteralPath $transcript
            Remove-Item -LiteralPath $transcript
            $errors = $Error | ForEach-Object { "$_ $($_.ErrorDetails) $($_.Exception) $($_.Exception.InnerException)" } | Out-String
            $errors | Should -Not -BeNullOrEmpty
            foreach ($shown in $all, $details, $text, $errors) { $shown.Contains($script:Key) | Should -BeFalse }
            $all | Should -Match 'User not authenticated|502 Bad Gateway'
            $all | Should -Match '\*\*\*'
        }
    }

    Describe 'An endless answer' {
        It 'fails at once with the too-large error' {
            Add-SimFault @{ Kind = 'EndlessBody' }
            $failure = try { $null = Get-PartooApiKey -First 1 -ErrorAction Stop } catch { $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyAnswerTooLarge*'
            "$failure" | Should -BeLike '*larger than 16 MB*'
        }
    }

    Describe 'Plain http' {
        It 'to a remote host is refused without -AllowUnencryptedAuthentication, and the connection stays' {
            { Connect-Partoo -BaseUri 'http://partoo.example/v2' -ApiKey (Get-SimApiKey) -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConnectPartooUnencryptedAuthentication*' -ExpectedMessage '*unencrypted*'
            (Get-PartooConnection).BaseUri | Should -Be (Get-PartooSimulator).BaseUri
        }
        It 'to a remote host connects with the switch; loopback needs none' {
            $remote = Connect-Partoo -BaseUri 'http://partoo.example/v2' -ApiKey (Get-SimApiKey) -AllowUnencryptedAuthentication -PassThru
            $remote.BaseUri | Should -Be 'http://partoo.example/v2/'
            Disconnect-Partoo -Connection $remote
            Connect-PartooSimulator
            Get-PartooApiKey -First 1 | Should -HaveCount 1
        }
    }

    Describe '-KeyValue' {
        It 'with a partial value matching several keys is one error listing them, and the pipe to Revoke revokes nothing' {
            $partial = (New-Object System.Net.NetworkCredential('', 'sim-secret-101')).SecurePassword
            $failure = try { Get-PartooApiKey -KeyValue $partial | Revoke-PartooApiKey -Force } catch { $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyAmbiguousKeyValue*'
            "$failure" | Should -BeLike '*1010, 1011*'
            "$failure" | Should -Not -BeLike '*sim-secret-101*'
            @(Get-SimRequests -PathLike '*revoke*') | Should -HaveCount 0
        }
        It 'beside a key whose label holds the secret text is an error, and the whole unique secret finds exactly its key' {
            Set-SimKey 1002 @{ Label = 'note: sim-secret-1005 leaked' }
            $whole = (New-Object System.Net.NetworkCredential('', 'sim-secret-1005')).SecurePassword
            $failure = try { $null = Get-PartooApiKey -KeyValue $whole } catch { $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyAmbiguousKeyValue*'
            $unique = (New-Object System.Net.NetworkCredential('', 'sim-secret-1007')).SecurePassword
            (Get-PartooApiKey -KeyValue $unique).Id | Should -Be 1007
        }
    }

    Describe 'Proxy credentials' {
        It '-ProxyUseDefaultCredentials is kept on the connection, and refused beside -ProxyCredential' {
            $proxyCredential = New-Object System.Management.Automation.PSCredential('proxyuser', (New-Object System.Net.NetworkCredential('', 'proxy-pass')).SecurePassword)
            { Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -Proxy 'http://127.0.0.1:9' -ProxyCredential $proxyCredential -ProxyUseDefaultCredentials -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConnectPartooProxyCredentialConflict*'
            $connection = Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -ProxyUseDefaultCredentials -PassThru
            $connection.ProxyUseDefaultCredentials | Should -BeTrue
            Get-PartooApiKey -First 1 -Connection $connection | Should -HaveCount 1
            Disconnect-Partoo -Connection $connection
        }

        It 'a proxy that wants credentials is ProxyAuthenticationRequired; -ProxyCredential passes it and its password is never shown' {
            $proxy = Invoke-RestMethod -Uri ([uri]::new((Get-PartooSimulator).ControlUri, 'proxy'))
            $Error.Clear()
            Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -Proxy $proxy.Uri -MaxRetryAttempts 0
            $failure = try { Get-PartooApiKey -First 1 -ErrorAction Stop } catch { $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyProxyAuthenticationRequired*'
            $failure.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'

            $credential = New-Object System.Management.Automation.PSCredential($proxy.User, (New-Object System.Net.NetworkCredential('', $proxy.Password)).SecurePassword)
            Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -Proxy $proxy.Uri -ProxyCredential $credential
            (Get-PartooApiKey -Id 1001).Id | Should -Be 1001
            $seen = Invoke-RestMethod -Uri ([uri]::new((Get-PartooSimulator).ControlUri, 'proxy'))
            @($seen.Requests | Where-Object ProxyUser -eq $proxy.User) | Should -Not -BeNullOrEmpty -Because 'the request went through the proxy'
            ((Get-PartooConnection | Format-List * | Out-String) + ($Error | Out-String)) | Should -Not -Match ([regex]::Escape($proxy.Password))
        }
    }

    Describe 'A label that holds terminal control sequences' {
        It 'is shown escaped in the table and list views, the audit and the What if text, and the object keeps it exactly' {
            $e = [char]27; $bel = [char]7
            $poison = "$e[2J$e]0;owned$bel$e]52;c;ZXZpbA==$bel CRM sync"
            Set-SimKey 1002 @{ Label = $poison; Description = $poison }
            (Get-PartooApiKey -Id 1002).Label | Should -BeExactly $poison

            # Ansi rendering: PowerShell itself strips nothing, so what reaches the terminal is what PartooKeys renders.
            $run = Invoke-PartooChildShell ("`$PSStyle.OutputRendering = 'Ansi'; Get-PartooApiKey -Id 1002 | Format-Table; Get-PartooApiKey -Id 1002 | Format-List; " +
                "Get-PartooApiKeyAudit | Where-Object KeyId -eq 1002 | Format-Table; Set-PartooApiKey -Id 1002 -Description 'Plain' -WhatIf; Revoke-PartooApiKey -Id 1002 -WhatIf")
            $run.ExitCode | Should -Be 0 -Because $run.Text
            $run.Text | Should -Not -Match "$bel|$e\]|$e\[2J"
            $plain = $run.Text -replace "$e\[[0-9;]*m", '' # the headers' own colours
            $shown = '\e[2J\e]0;owned\u0007\e]52;c;ZXZpbA==\u0007 CRM sync'
            $plain | Should -Match ('Label\s+: ' + [regex]::Escape($shown))
            $plain | Should -Match ([regex]::Escape("What if: Performing the operation") + '.*' + [regex]::Escape("API key 1002 '$shown'"))
            $plain | Should -Match 'ExpirationDate\s+: \d{4}-\d{2}-\d{2}\s'
            @(Get-SimRequests | Where-Object Method -ne 'GET') | Should -HaveCount 0
        }
    }

    Describe 'A key Partoo sends malformed' {
        It 'is one non-terminating error naming the key and the field; every other key is written' {
            $every = @(Get-PartooApiKey).Id
            $every | Should -Contain 1003
            Set-SimKnob MalformedKeys @{ '1003' = 'BadDate' }
            $keys = Get-PartooApiKey -ErrorVariable problems -ErrorAction SilentlyContinue
            $keys.Id | Should -Be @($every | Where-Object { $_ -ne 1003 })
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyInvalidKey*'
            $problems[0].TargetObject | Should -Be 1003
            "$($problems[0])" | Should -Match "Key 1003 cannot be read: its field 'expiration_date'"
        }
    }
}
