{
  # deepwire_native: kernels.c compiled once per instruction set (its own static library and cflags
  # each), plus the Node-API addon that picks one at load. Plain C11, Node-API 8: one build serves
  # Node and Electron.
  "variables": {
    "dw_cflags": ["-O3", "-std=c11", "-ffp-contract=fast", "-fno-math-errno", "-fPIC", "-Wall", "-Wno-unknown-pragmas"],
  },
  "target_defaults": {
    "cflags!": ["-O0", "-O1", "-O2", "-Os"],
    "cflags_c!": ["-std=gnu99", "-std=c99"],
    "xcode_settings": { "GCC_OPTIMIZATION_LEVEL": "3" },
  },
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "kernels_avx512",
          "type": "static_library",
          "sources": ["src/kernels.c"],
          "defines": ["DW_ISA=avx512"],
          "cflags": ["<@(dw_cflags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mfma", "-mavx2"],
        },
        {
          "target_name": "kernels_avx2",
          "type": "static_library",
          "sources": ["src/kernels.c"],
          "defines": ["DW_ISA=avx2"],
          "cflags": ["<@(dw_cflags)", "-mavx2", "-mfma"],
        },
        {
          "target_name": "kernels_sse2",
          "type": "static_library",
          "sources": ["src/kernels.c"],
          "defines": ["DW_ISA=sse2"],
          "cflags": ["<@(dw_cflags)"],
        },
        {
          "target_name": "deepwire_native",
          "sources": ["src/addon.c", "src/train.c", "src/scratch.c"],
          "defines": ["NAPI_VERSION=8"],
          "cflags": ["<@(dw_cflags)"],
          "dependencies": ["kernels_avx512", "kernels_avx2", "kernels_sse2"],
        },
      ],
    }],
    ["target_arch=='arm64'", {
      "targets": [
        {
          "target_name": "kernels_neon",
          "type": "static_library",
          "sources": ["src/kernels.c"],
          "defines": ["DW_ISA=neon"],
          "cflags": ["<@(dw_cflags)"],
        },
        {
          "target_name": "deepwire_native",
          "sources": ["src/addon.c", "src/train.c", "src/scratch.c"],
          "defines": ["NAPI_VERSION=8"],
          "cflags": ["<@(dw_cflags)"],
          "dependencies": ["kernels_neon"],
        },
      ],
    }],
    ["target_arch!='x64' and target_arch!='arm64'", {
      "targets": [
        {
          "target_name": "kernels_scalar",
          "type": "static_library",
          "sources": ["src/kernels.c"],
          "defines": ["DW_ISA=scalar"],
          "cflags": ["<@(dw_cflags)"],
        },
        {
          "target_name": "deepwire_native",
          "sources": ["src/addon.c", "src/train.c", "src/scratch.c"],
          "defines": ["NAPI_VERSION=8"],
          "cflags": ["<@(dw_cflags)"],
          "dependencies": ["kernels_scalar"],
        },
      ],
    }],
  ],
}
