package dev.recon.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisBinaryTest {

  @Test
  void bundledResource_shouldPickLinuxAmd64Binary_whenOnLinuxX64() {
    assertThat(RedisBinary.bundledResource("Linux", "amd64"))
        .contains("redis-server-6.2.6-v5-linux-amd64");
    assertThat(RedisBinary.bundledResource("Linux", "x86_64"))
        .contains("redis-server-6.2.6-v5-linux-amd64");
  }

  @Test
  void bundledResource_shouldPickArmBinary_whenOnMacArm() {
    assertThat(RedisBinary.bundledResource("Mac OS X", "aarch64"))
        .contains("redis-server-6.2.6-v5-darwin-arm64");
    assertThat(RedisBinary.bundledResource("Linux", "aarch64"))
        .contains("redis-server-6.2.7-linux-arm64");
  }

  @Test
  void bundledResource_shouldBeEmpty_whenPlatformHasNoBundledBinary() {
    assertThat(RedisBinary.bundledResource("FreeBSD", "amd64")).isEmpty();
    assertThat(RedisBinary.bundledResource("Linux", "riscv64")).isEmpty();
  }

  @Test
  void bundledResource_shouldExistInEmbeddedRedisJar_whenPlatformSupported() {
    String resource =
        RedisBinary.bundledResource(System.getProperty("os.name"), System.getProperty("os.arch"))
            .orElseThrow();

    assertThat(RedisBinary.class.getClassLoader().getResource(resource)).isNotNull();
  }
}
