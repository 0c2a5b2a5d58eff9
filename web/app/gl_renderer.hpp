// gl_renderer.hpp: ImGui's renderer backend on WebGL2, in place of Dear ImGui's
// imgui_impl_opengl3 (not compiled in): the font texture and the draw data.
//
// The console owns its WebGL context, so nothing is saved or restored: the Debian 1.86
// backend reads about twenty pieces of GL state per frame (glGetIntegerv, glIsEnabled) to
// restore them afterwards, and in Chromium most of those are synchronous round trips to the
// GPU process, which wait until it has worked through everything queued before (with
// SwiftShader: rasterising). It also re-uploads into offset 0 of one buffer once per draw
// list, over data the earlier draws of the same frame still read. Here the frame's vertices
// and indices go up in one glBufferData each, and the state is set once.
#pragma once

struct ImDrawData;

namespace gl_renderer {

// Compiles the program and creates the vertex array and buffers (needs the current context);
// tells ImGui that draw commands may use vertex offsets.
bool init();

// Uploads the font atlas as built (io.Fonts) into a new texture, in place of the last one.
void upload_fonts();

// Draws `data` into the default framebuffer of `width` × `height` device pixels, after
// clearing it to `clear` (r, g, b).
void render(const ImDrawData& data, int width, int height, const float (&clear)[3]);

}  // namespace gl_renderer
